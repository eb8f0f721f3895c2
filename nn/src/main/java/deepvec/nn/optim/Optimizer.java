package deepvec.nn.optim;

import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * A gradient-based update rule over named parameters (Deep Learning chapter 8). Call
 * {@link #zeroGrad()}, back-propagate (or {@link Variable#accumulateGrad} gradients computed
 * elsewhere), then {@link #step()}. Parameters whose gradient is null (not reached by the last
 * backward pass, or frozen) are left alone. State such as momentum lives here, keyed by the
 * parameter's name, created on first use; a parameter listed under two names (a tied weight) is
 * one parameter, updated once per step under its first name.
 */
public abstract class Optimizer {

    private final SequencedMap<String, Variable> parameters;
    private final List<String> names;
    private final List<List<float[]>> state;
    private float learningRate;
    private int steps;

    /**
     * @param parameters by name, as {@link deepvec.nn.layer.Layer#namedParameters()} gives them
     * @throws IllegalArgumentException if a parameter's value is not a dense tensor of its own
     *     (a view cannot be updated in place safely)
     */
    protected Optimizer(Map<String, Variable> parameters, float learningRate) {
        this.parameters = new LinkedHashMap<>();
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Variable> p : parameters.entrySet()) {
            Tensor v = p.getValue().value();
            if (!v.isContiguous() || v.offset() != 0 || v.data().length != v.size()) {
                throw new IllegalArgumentException("parameter '" + p.getKey() + "' is a view into shared storage; "
                        + "give each parameter its own tensor");
            }
            if (seen.add(p.getValue())) {
                this.parameters.put(p.getKey(), p.getValue());
            }
        }
        this.names = List.copyOf(this.parameters.keySet());
        this.state = new ArrayList<>();
        names.forEach(n -> state.add(new ArrayList<>()));
        setLearningRate(learningRate);
    }

    /** The parameters this optimizer updates, by name, each once. */
    public final Map<String, Variable> parameters() {
        return Collections.unmodifiableMap(parameters);
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
        parameters.values().forEach(Variable::zeroGrad);
    }

    /** Applies one update to every parameter that has a gradient. */
    public void step() {
        steps++;
        for (int i = 0; i < names.size(); i++) {
            Variable p = parameters.get(names.get(i));
            if (p.grad() != null) {
                int[] rows = p.gradientRows();
                if (rows == null) {
                    update(i, p.value().data(), p.grad().data());   // both dense, of their own
                } else {
                    updateRows(i, p.value().data(), p.grad().data(), rows, p.value().dim(1));
                }
                p.markModified();
            }
        }
    }

    /**
     * The state buffers of parameter {@code name} in slot order (live arrays; empty before its
     * first update).
     *
     * @throws IllegalArgumentException for a name this optimizer does not update
     */
    public final List<float[]> state(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("the optimizer has no parameter '" + name + "'; it has " + names);
        }
        return Collections.unmodifiableList(state.get(index));
    }

    /**
     * Restores what {@link #steps()} and {@link #state(String)} returned for an optimizer of the
     * same kind over parameters of the same names and shapes, so training continues as if never
     * stopped. Checks everything before changing anything.
     *
     * @throws IllegalArgumentException if the names or buffer sizes do not match the parameters
     */
    public final void restore(int steps, Map<String, List<float[]>> buffers) {
        if (steps < 0 || !buffers.keySet().equals(parameters.keySet())) {
            Set<String> missing = new TreeSet<>(parameters.keySet());
            missing.removeAll(buffers.keySet());
            Set<String> extra = new TreeSet<>(buffers.keySet());
            extra.removeAll(parameters.keySet());
            throw new IllegalArgumentException("optimizer state at step " + steps + " does not fit this optimizer: missing "
                    + missing + ", unknown " + extra);
        }
        for (Map.Entry<String, List<float[]>> e : buffers.entrySet()) {
            int size = parameters.get(e.getKey()).value().size();
            for (float[] b : e.getValue()) {
                if (b.length != size) {
                    throw new IllegalArgumentException("optimizer state buffer of length " + b.length + " for parameter '"
                            + e.getKey() + "' of " + size + " elements");
                }
            }
        }
        for (int i = 0; i < names.size(); i++) {
            state.set(i, new ArrayList<>(buffers.get(names.get(i)).stream().map(float[]::clone).toList()));
        }
        this.steps = steps;
    }

    /** Updates parameter {@code index} (in the order of {@link #parameters()}): theta (in place) from gradient g. */
    protected abstract void update(int index, float[] theta, float[] g);

    /**
     * Updates parameter {@code index} from a row-sparse gradient whose only non-zero rows are
     * {@code rows} (of {@code width} elements; see {@link Variable#gradientRows()}). By default
     * the full update, which is always right; an optimizer whose update leaves a row with a zero
     * gradient unchanged (SGD), or that chooses to update only the touched rows (Adam, as
     * PyTorch's SparseAdam), overrides it to cost what those rows cost.
     */
    protected void updateRows(int index, float[] theta, float[] g, int[] rows, int width) {
        update(index, theta, g);
    }

    /** Per-parameter state buffer {@code slot}, zero-initialised on first use. */
    protected final float[] buffer(int index, int slot, int length) {
        List<float[]> buffers = state.get(index);
        while (buffers.size() <= slot) {
            buffers.add(new float[length]);
        }
        return buffers.get(slot);
    }
}
