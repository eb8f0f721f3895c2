package deepvec.nn.train;

import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Second-order information without forming the Hessian. The Hessian-vector product is a central
 * difference of gradients, {@code H v ~ (g(theta + r u) - g(theta - r u)) / (2 r) * ||v||} with
 * {@code u = v / ||v||}, exact for quadratics and O(r^2) accurate otherwise. Along the gradient it
 * gives the two terms of {@code J(theta - eps g) ~ J(theta) - eps g^T g + eps^2/2 g^T H g}
 * (Deep Learning eq. 4.9, 8.10): when {@code eps^2/2 g^T H g} outgrows {@code eps g^T g}, the
 * cost rises even though the gradient is large, the ill-conditioning of section 8.2.1.
 *
 * <p>Each call evaluates the objective three times and back-propagates it; the parameters'
 * gradients are overwritten and their values are restored bit for bit.
 */
public final class Curvature {

    private Curvature() {
    }

    /**
     * g^T g and g^T H g at the current parameters.
     *
     * @param gradientSquared g^T g
     * @param curvature g^T H g
     */
    public record Estimate(double gradientSquared, double curvature) {

        /** The predicted change of the cost after a gradient step of size eps (eq. 4.9). */
        public double predictedChange(double eps) {
            return -eps * gradientSquared + 0.5 * eps * eps * curvature;
        }

        /** The step that minimises the quadratic model, g^T g / g^T H g (eq. 4.10); +inf if curvature &lt;= 0. */
        public double optimalStep() {
            return curvature > 0 ? gradientSquared / curvature : Double.POSITIVE_INFINITY;
        }
    }

    /** Relative size of the finite-difference step r, times (1 + ||theta||). */
    private static final double RELATIVE_STEP = 1e-3;

    /** g^T g and g^T H g for the scalar {@code objective}, re-evaluated on demand. */
    public static Estimate alongGradient(Supplier<Variable> objective, List<Variable> parameters) {
        List<Tensor> g = gradient(objective, parameters);
        List<Tensor> hg = hessianVectorProduct(objective, parameters, g);
        return new Estimate(dot(g, g), dot(g, hg));
    }

    /** H v, one tensor per parameter (v has the parameters' shapes). */
    public static List<Tensor> hessianVectorProduct(Supplier<Variable> objective, List<Variable> parameters, List<Tensor> v) {
        double norm = Math.sqrt(dot(v, v));
        List<Tensor> result = new ArrayList<>();
        if (norm == 0) {
            parameters.forEach(p -> result.add(Tensor.zeros(p.value().shape())));
            return result;
        }
        List<float[]> saved = parameters.stream().map(p -> p.value().data().clone()).toList();
        double r = RELATIVE_STEP * (1 + Math.sqrt(squaredNorm(saved)));
        try {
            move(parameters, saved, v, r / norm);
            List<Tensor> plus = gradient(objective, parameters);
            move(parameters, saved, v, -r / norm);
            List<Tensor> minus = gradient(objective, parameters);
            for (int i = 0; i < parameters.size(); i++) {
                float[] a = plus.get(i).data();
                float[] b = minus.get(i).data();
                float[] out = new float[a.length];
                for (int j = 0; j < a.length; j++) {
                    out[j] = (float) ((a[j] - (double) b[j]) * norm / (2 * r));
                }
                result.add(Tensor.of(out, parameters.get(i).value().shape()));
            }
            return result;
        } finally {
            for (int i = 0; i < parameters.size(); i++) {
                System.arraycopy(saved.get(i), 0, parameters.get(i).value().data(), 0, saved.get(i).length);
                parameters.get(i).markModified();
            }
        }
    }

    /** The gradient of {@code objective} for each parameter (zeros where none flows). */
    static List<Tensor> gradient(Supplier<Variable> objective, List<Variable> parameters) {
        parameters.forEach(Variable::zeroGrad);
        objective.get().backward();
        List<Tensor> g = new ArrayList<>();
        for (Variable p : parameters) {
            g.add(p.grad() == null ? Tensor.zeros(p.value().shape()) : p.grad().copy());
        }
        return g;
    }

    private static void move(List<Variable> parameters, List<float[]> origin, List<Tensor> direction, double step) {
        for (int i = 0; i < parameters.size(); i++) {
            float[] theta = parameters.get(i).value().data();
            float[] start = origin.get(i);
            Tensor d = direction.get(i).contiguous();
            for (int j = 0; j < theta.length; j++) {
                theta[j] = (float) (start[j] + step * d.data()[d.offset() + j]);
            }
            parameters.get(i).markModified();
        }
    }

    private static double dot(List<Tensor> a, List<Tensor> b) {
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            Tensor x = a.get(i).contiguous();
            Tensor y = b.get(i).contiguous();
            for (int j = 0; j < x.size(); j++) {
                sum += (double) x.data()[x.offset() + j] * y.data()[y.offset() + j];
            }
        }
        return sum;
    }

    private static double squaredNorm(List<float[]> values) {
        double sum = 0;
        for (float[] v : values) {
            for (float x : v) {
                sum += (double) x * x;
            }
        }
        return sum;
    }
}
