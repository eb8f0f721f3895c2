package deepvec.nn.optim;

import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A gradient-based update rule over a fixed list of parameters (Deep Learning chapter 8).
 * Call {@link #zeroGrad()}, back-propagate, then {@link #step()}. Parameters whose gradient is
 * null (not reached by the last backward pass) are left alone. State such as momentum lives
 * here, one buffer per parameter, created on first use.
 */
public abstract class Optimizer {

    private final List<Variable> parameters;
    private final List<List<float[]>> state;
    private float learningRate;
    private int steps;

    /**
     * @throws IllegalArgumentException if a parameter does not require a gradient or its value
     *     is not a dense tensor of its own (a view cannot be updated in place safely)
     */
    protected Optimizer(List<Variable> parameters, float learningRate) {
        this.parameters = List.copyOf(parameters);
        this.state = new ArrayList<>();
        for (int i = 0; i < this.parameters.size(); i++) {
            Variable p = this.parameters.get(i);
            Tensor v = p.value();
            if (!p.requiresGrad()) {
                throw new IllegalArgumentException("parameter " + i + " does not require a gradient; create it with Variable.parameter");
            }
            if (!v.isContiguous() || v.offset() != 0 || v.data().length != v.size()) {
                throw new IllegalArgumentException("parameter " + i + " is a view into shared storage; give each parameter its own tensor");
            }
            state.add(new ArrayList<>());
        }
        setLearningRate(learningRate);
    }

    /** The step size epsilon, which schedules change between steps. */
    public float learningRate() {
        return learningRate;
    }

    /** Sets the step size; it must be positive and finite. */
    public void setLearningRate(float learningRate) {
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /** Steps taken so far (t in Adam's bias correction). */
    public int steps() {
        return steps;
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        parameters.forEach(Variable::zeroGrad);
    }

    /** Applies one update to every parameter that has a gradient. */
    public void step() {
        steps++;
        for (int i = 0; i < parameters.size(); i++) {
            Variable p = parameters.get(i);
            if (p.grad() != null) {
                update(i, p.value().data(), p.grad().data());   // both dense, of their own
            }
        }
    }

    /** The state buffers of parameter {@code index} in slot order (live arrays; empty before its first update). */
    public final List<float[]> state(int index) {
        return Collections.unmodifiableList(state.get(index));
    }

    /**
     * Restores what {@link #steps()} and {@link #state(int)} returned for an optimizer of the
     * same kind over parameters of the same shapes, so training continues as if never stopped.
     *
     * @throws IllegalArgumentException if the buffers do not match the parameters
     */
    public final void restore(int steps, List<List<float[]>> buffers) {
        if (steps < 0 || buffers.size() != parameters.size()) {
            throw new IllegalArgumentException("optimizer state for " + buffers.size() + " parameters at step " + steps
                    + "; this optimizer has " + parameters.size() + " parameters");
        }
        for (int i = 0; i < buffers.size(); i++) {
            for (float[] b : buffers.get(i)) {
                if (b.length != parameters.get(i).value().size()) {
                    throw new IllegalArgumentException("optimizer state buffer of length " + b.length + " for parameter " + i
                            + " of " + parameters.get(i).value().size() + " elements");
                }
            }
        }
        for (int i = 0; i < buffers.size(); i++) {
            state.set(i, new ArrayList<>(buffers.get(i).stream().map(float[]::clone).toList()));
        }
        this.steps = steps;
    }

    /** Updates parameter {@code index}: theta (in place) from gradient g. */
    protected abstract void update(int index, float[] theta, float[] g);

    /** Per-parameter state buffer {@code slot}, zero-initialised on first use. */
    protected final float[] buffer(int index, int slot, int length) {
        List<float[]> buffers = state.get(index);
        while (buffers.size() <= slot) {
            buffers.add(new float[length]);
        }
        return buffers.get(slot);
    }
}
