package deepvec.nn.autograd;

import deepvec.simd.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks back-propagated gradients against central finite differences (Deep Learning section
 * 11.5): for every element x_i of every input, {@code (L(x + h e_i) - L(x - h e_i)) / 2h}, with
 * L = sum of the function's output times a fixed random weighting, so that every output
 * element's gradient is exercised. Differences are formed in double from float evaluations.
 */
public final class GradCheck {

    private GradCheck() {
    }

    /** The largest gap between analytic and numeric gradients, and where it is. */
    public record Result(double maxError, String where) {
    }

    /**
     * Compares, for each input, the gradient that {@link Variable#backward} computes with finite
     * differences of step {@code h}. The error of each element is
     * {@code |analytic - numeric| / max(1, |analytic|, |numeric|)}.
     *
     * @param f the function; it must be deterministic
     * @param points the points to differentiate at; they are copied, never modified
     */
    public static Result check(Function<Variable[], Variable> f, double h, Tensor... points) {
        Tensor[] inputs = new Tensor[points.length];
        for (int i = 0; i < points.length; i++) {
            inputs[i] = points[i].copy();                 // dense, offset 0: perturbed in place below
        }
        Variable[] vars = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            vars[i] = Variable.parameter(inputs[i]);
        }
        Variable out = f.apply(vars);
        Tensor weights = Tensor.zeros(out.value().shape());
        for (int i = 0; i < weights.size(); i++) {
            weights.data()[i] = (float) (0.5 + ((i * 7919) % 13) / 13.0);   // fixed, uneven, positive
        }
        out.backward(weights);
        double worst = 0;
        String where = "nowhere";
        for (int in = 0; in < inputs.length; in++) {
            float[] x = inputs[in].data();
            for (int i = 0; i < inputs[in].size(); i++) {
                float saved = x[i];
                x[i] = (float) (saved + h);
                double plus = weighted(f, inputs, weights);
                x[i] = (float) (saved - h);
                double minus = weighted(f, inputs, weights);
                x[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                double analytic = vars[in].grad() == null ? 0 : vars[in].grad().data()[i];
                double err = Math.abs(analytic - numeric) / Math.max(1, Math.max(Math.abs(analytic), Math.abs(numeric)));
                if (err > worst) {
                    worst = err;
                    where = "input " + in + " element " + i + " of shape " + Arrays.toString(inputs[in].shape())
                            + ": analytic " + analytic + ", numeric " + numeric;
                }
            }
        }
        return new Result(worst, where);
    }

    /**
     * The same comparison for a model's parameters: the gradient that back-propagation leaves in
     * each parameter against central differences of step {@code h}, at every {@code stride}-th
     * element of each. The parameters are perturbed in place and restored; their gradients are
     * replaced by those of the checked function.
     *
     * @param f the function of the parameters (a model's forward pass on fixed data); deterministic
     */
    public static Result checkParameters(Supplier<Variable> f, Map<String, Variable> parameters, double h, int stride) {
        parameters.values().forEach(Variable::zeroGrad);
        Variable out = f.get();
        Tensor weights = Tensor.zeros(out.value().shape());
        for (int i = 0; i < weights.size(); i++) {
            weights.data()[i] = (float) (0.5 + ((i * 7919) % 13) / 13.0);
        }
        out.backward(weights);
        double worst = 0;
        String where = "nowhere";
        for (Map.Entry<String, Variable> p : parameters.entrySet()) {
            float[] x = p.getValue().value().data();
            Tensor grad = p.getValue().grad();
            for (int i = 0; i < x.length; i += Math.max(1, stride)) {
                float saved = x[i];
                x[i] = (float) (saved + h);
                double plus = weighted(f, weights);
                x[i] = (float) (saved - h);
                double minus = weighted(f, weights);
                x[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                double analytic = grad == null ? 0 : grad.data()[i];
                double err = Math.abs(analytic - numeric) / Math.max(1, Math.max(Math.abs(analytic), Math.abs(numeric)));
                if (err > worst) {
                    worst = err;
                    where = p.getKey() + " element " + i + ": analytic " + analytic + ", numeric " + numeric;
                }
            }
        }
        return new Result(worst, where);
    }

    private static double weighted(Supplier<Variable> f, Tensor weights) {
        float[] y = Autograd.noGrad(f).value().toArray();
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (double) y[i] * weights.data()[i];
        }
        return s;
    }

    private static double weighted(Function<Variable[], Variable> f, Tensor[] inputs, Tensor weights) {
        Variable[] constants = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            constants[i] = Variable.constant(inputs[i]);
        }
        float[] y = f.apply(constants).value().toArray();
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (double) y[i] * weights.data()[i];
        }
        return s;
    }
}
