package deepvec.nn.optim;

import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A running average of parameters (Deep Learning section 8.7.3): Polyak averaging, the mean of
 * all iterates so far, or its exponentially decaying form {@code avg <- alpha avg + (1 - alpha)
 * theta} (eq. 8.39), which forgets old points of a non-convex trajectory. Call
 * {@link #update()} after each optimizer step and {@link #copyInto()} to evaluate with it.
 */
public final class ParameterAverage {

    private final List<Variable> parameters;
    private final List<float[]> averages = new ArrayList<>();
    private final float decay;        // 0 means the arithmetic mean (Polyak)
    private long updates;

    private ParameterAverage(List<Variable> parameters, float decay) {
        this.parameters = List.copyOf(parameters);
        this.decay = decay;
        for (Variable p : this.parameters) {
            averages.add(p.value().toArray());
        }
    }

    /** The arithmetic mean of the iterates (Polyak and Juditsky 1992). */
    public static ParameterAverage polyak(List<Variable> parameters) {
        return new ParameterAverage(parameters, 0f);
    }

    /** The exponential moving average with decay alpha in (0, 1) (eq. 8.39). */
    public static ParameterAverage exponential(List<Variable> parameters, float alpha) {
        if (!(alpha > 0f && alpha < 1f)) {
            throw new IllegalArgumentException("averaging decay alpha must be in (0, 1), got " + alpha);
        }
        return new ParameterAverage(parameters, alpha);
    }

    /** Folds the current parameter values into the average. */
    public void update() {
        updates++;
        float weight = decay == 0f ? 1f / (updates + 1) : 1f - decay;   // the start point counts as iterate 0
        for (int i = 0; i < parameters.size(); i++) {
            Tensor value = parameters.get(i).value().contiguous();   // no copy for a dense parameter
            float[] theta = value.data();
            int base = value.offset();
            float[] avg = averages.get(i);
            for (int j = 0; j < avg.length; j++) {
                avg[j] += weight * (theta[base + j] - avg[j]);
            }
        }
    }

    /** The averaged values of parameter {@code index}, row-major. */
    public float[] average(int index) {
        return averages.get(index).clone();
    }

    /** Overwrites the parameters with their averages (keep a copy to restore training). */
    public void copyInto() {
        for (int i = 0; i < parameters.size(); i++) {
            float[] avg = averages.get(i);
            System.arraycopy(avg, 0, parameters.get(i).value().data(), parameters.get(i).value().offset(), avg.length);
            parameters.get(i).markModified();
        }
    }
}
