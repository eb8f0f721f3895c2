package deepvec.nn.autograd;

import deepvec.simd.BinaryOp;
import deepvec.simd.Elementwise;
import deepvec.simd.Gemm;
import deepvec.simd.Reduce;
import deepvec.simd.ShapeException;
import deepvec.simd.Softmax;
import deepvec.simd.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The primitive differentiable operations, each a forward computation on the kernel layer and
 * its backward rule side by side. Binary arithmetic broadcasts like {@link Elementwise}; the
 * gradient of a broadcast input is summed back to its shape.
 */
public final class Ops {

    private Ops() {
    }

    /** An op's backward rule as a function of the output gradient. */
    private record Backward(String name, Function<Tensor, Tensor[]> rule) implements Op {
        @Override
        public Tensor[] backward(Tensor gradOutput) {
            return rule.apply(gradOutput);
        }
    }

    /**
     * Defines a new primitive op: its forward value, computed by the caller, and its backward
     * rule, which maps the gradient of the output to one gradient per input (null for an input
     * that gets none), each of that input's shape. Recorded only while gradients are enabled.
     *
     * @param name a short name for messages
     */
    public static Variable define(String name, Tensor value, Function<Tensor, Tensor[]> backward, Variable... inputs) {
        return Variable.result(value, new Backward(name, backward), inputs);
    }

    /** a + b. */
    public static Variable add(Variable a, Variable b) {
        int[] sa = a.value().shape();
        int[] sb = b.value().shape();
        return Variable.result(Elementwise.add(a.value(), b.value()),
                new Backward("add", g -> new Tensor[] {Gradients.unbroadcast(g, sa), Gradients.unbroadcast(g, sb)}), a, b);
    }

    /** a - b. */
    public static Variable sub(Variable a, Variable b) {
        int[] sa = a.value().shape();
        int[] sb = b.value().shape();
        return Variable.result(Elementwise.sub(a.value(), b.value()),
                new Backward("sub", g -> new Tensor[] {Gradients.unbroadcast(g, sa),
                    Gradients.unbroadcast(Elementwise.scale(g, -1f), sb)}), a, b);
    }

    /** a * b, elementwise: d/da = g b, d/db = g a. */
    public static Variable mul(Variable a, Variable b) {
        Tensor va = a.value();
        Tensor vb = b.value();
        return Variable.result(Elementwise.mul(va, vb),
                new Backward("mul", g -> new Tensor[] {Gradients.unbroadcast(Elementwise.mul(g, vb), va.shape()),
                    Gradients.unbroadcast(Elementwise.mul(g, va), vb.shape())}), a, b);
    }

    /** x^2, elementwise: d/dx = 2 g x. */
    public static Variable square(Variable x) {
        Tensor v = x.value();
        return Variable.result(Elementwise.mul(v, v),
                new Backward("square", g -> new Tensor[] {Elementwise.mul(Elementwise.scale(v, 2f), g)}), x);
    }

    /**
     * Matrix product [m, k] x [k, n] -> [m, n]: dA = G B^T, dB = A^T G (Deep Learning eq. 6.55
     * for a linear layer). The transposes are views read in place by GEMM; a product for an
     * input that needs no gradient (the data fed to a first layer) is skipped.
     */
    public static Variable matmul(Variable a, Variable b) {
        Tensor va = a.value();
        Tensor vb = b.value();
        if (va.rank() != 2 || vb.rank() != 2) {
            throw new ShapeException("Ops.matmul: expected two matrices, got " + Arrays.toString(va.shape()) + " x "
                    + Arrays.toString(vb.shape()));
        }
        boolean gradA = a.requiresGrad();
        boolean gradB = b.requiresGrad();
        return Variable.result(Gemm.matmul(va, vb),
                new Backward("matmul", g -> new Tensor[] {gradA ? Gemm.matmul(g, vb.transpose(0, 1)) : null,
                    gradB ? Gemm.matmul(va.transpose(0, 1), g) : null}), a, b);
    }

    /** |x|, with subgradient sign(x) (0 at 0): absolute value rectification and the L1 penalty. */
    public static Variable abs(Variable x) {
        Tensor v = x.value();
        return Variable.result(Elementwise.abs(v),
                new Backward("abs", g -> new Tensor[] {Elementwise.mul(g, Elementwise.sign(v))}), x);
    }

    /** max(x, 0): the gradient passes where x &gt; 0 (Deep Learning eq. 6.37). */
    public static Variable relu(Variable x) {
        Tensor v = x.value();
        return Variable.result(Elementwise.relu(v), new Backward("relu",
                g -> new Tensor[] {Elementwise.binary(BinaryOp.WHERE_POSITIVE, g, v)}), x);
    }

    /** Logistic sigmoid y: d/dx = g y (1 - y) (Deep Learning eq. 3.30, 6.38). */
    public static Variable sigmoid(Variable x) {
        Tensor y = Elementwise.sigmoid(x.value());
        return Variable.result(y, new Backward("sigmoid",
                g -> new Tensor[] {Elementwise.mul(g, Elementwise.mul(y, Elementwise.add(Elementwise.scale(y, -1f), 1f)))}), x);
    }

    /** Hyperbolic tangent y: d/dx = g (1 - y^2). */
    public static Variable tanh(Variable x) {
        Tensor y = Elementwise.tanh(x.value());
        return Variable.result(y, new Backward("tanh",
                g -> new Tensor[] {Elementwise.mul(g, Elementwise.add(Elementwise.scale(Elementwise.mul(y, y), -1f), 1f))}), x);
    }

    /** The sum of all elements, as a one-element [1] value: d/dx = g everywhere. */
    public static Variable sum(Variable x) {
        int[] shape = x.value().shape();
        return Variable.result(Tensor.of(new float[] {Reduce.sum(x.value())}, 1),
                new Backward("sum", g -> new Tensor[] {Tensor.full(g.get(0), shape)}), x);
    }

    /** The mean of all elements, as a one-element [1] value: d/dx = g / n everywhere. */
    public static Variable mean(Variable x) {
        int[] shape = x.value().shape();
        int n = x.value().size();
        return Variable.result(Tensor.of(new float[] {Reduce.mean(x.value())}, 1),
                new Backward("mean", g -> new Tensor[] {Tensor.full(g.get(0) / n, shape)}), x);
    }

    /** s x for a constant s: d/dx = s g. */
    public static Variable scale(Variable x, float s) {
        return Variable.result(Elementwise.scale(x.value(), s),
                new Backward("scale", g -> new Tensor[] {Elementwise.scale(g, s)}), x);
    }

    /** Leaky ReLU: x for x &gt; 0, slope x otherwise (section 6.3.1 with a fixed alpha). */
    public static Variable leakyRelu(Variable x, float slope) {
        Tensor v = x.value();
        return Variable.result(Elementwise.leakyRelu(v, slope), new Backward("leakyRelu", g -> {
            Tensor positive = Elementwise.binary(BinaryOp.LESS, Tensor.scalar(0f), v);
            Tensor derivative = Elementwise.add(Elementwise.scale(positive, 1f - slope), slope);
            return new Tensor[] {Elementwise.mul(g, derivative)};
        }), x);
    }

    /**
     * Parametric ReLU {@code h = max(0, x) + alpha min(0, x)} (section 6.3.1, He et al. 2015) with
     * learned slopes alpha, broadcast against x (one per unit: shape [d] for x [n, d]):
     * dh/dx = 1 where x &gt; 0 and alpha elsewhere; dh/dalpha = min(0, x).
     */
    public static Variable prelu(Variable x, Variable alpha) {
        Tensor v = x.value();
        Tensor a = alpha.value();
        Tensor positivePart = Elementwise.relu(v);
        Tensor negativePart = Elementwise.sub(v, positivePart);
        return Variable.result(Elementwise.fma(a, negativePart, positivePart), new Backward("prelu", g -> {
            Tensor positive = Elementwise.binary(BinaryOp.LESS, Tensor.scalar(0f), v);
            Tensor slope = Elementwise.fma(Elementwise.add(Elementwise.scale(positive, -1f), 1f), a, positive);
            return new Tensor[] {Elementwise.mul(g, slope), Gradients.unbroadcast(Elementwise.mul(g, negativePart), a.shape())};
        }), x, alpha);
    }

    /** Softplus zeta(x) = log(1 + exp x) (Deep Learning eq. 3.31): d/dx = sigma(x) (eq. 3.40). */
    public static Variable softplus(Variable x) {
        Tensor v = x.value();
        return Variable.result(Elementwise.softplus(v),
                new Backward("softplus", g -> new Tensor[] {Elementwise.mul(g, Elementwise.sigmoid(v))}), x);
    }

    /**
     * Softmax over the last axis (Deep Learning eq. 6.29): with y = softmax(x),
     * dx = y (g - sum_j g_j y_j), the Jacobian-vector product without forming the Jacobian.
     */
    public static Variable softmax(Variable x) {
        int last = x.value().rank() - 1;
        Tensor y = Softmax.softmax(x.value(), last);
        return Variable.result(y, new Backward("softmax", g -> {
            Tensor dot = Reduce.sum(Elementwise.mul(g, y), last, true);
            return new Tensor[] {Elementwise.mul(y, Elementwise.sub(g, dot))};
        }), x);
    }

    /** log softmax over the last axis: dx = g - softmax(x) sum_j g_j. */
    public static Variable logSoftmax(Variable x) {
        int last = x.value().rank() - 1;
        Tensor y = Softmax.logSoftmax(x.value(), last);
        return Variable.result(y, new Backward("logSoftmax", g -> {
            Tensor total = Reduce.sum(g, last, true);
            return new Tensor[] {Elementwise.sub(g, Elementwise.mul(Elementwise.exp(y), total))};
        }), x);
    }

    /**
     * The maximum over consecutive groups of {@code k} columns, [n, d k] -> [n, d]: the maxout
     * unit h_i = max_{j in G(i)} z_j (Deep Learning eq. 6.37). The gradient goes to the first
     * maximum of each group.
     *
     * @throws ShapeException unless x is a matrix whose width is a multiple of k
     */
    public static Variable groupMax(Variable x, int k) {
        Tensor v = x.value().contiguous();
        if (v.rank() != 2 || k < 1 || v.dim(1) % k != 0) {
            throw new ShapeException("Ops.groupMax: input " + Arrays.toString(v.shape()) + " with groups of " + k
                    + "; expected [n, d * k]");
        }
        int n = v.dim(0);
        int width = v.dim(1);
        int groups = width / k;
        Tensor out = Tensor.zeros(n, groups);
        int[] winner = new int[n * groups];
        float[] in = v.data();
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < groups; i++) {
                int base = v.offset() + r * width + i * k;
                int best = 0;
                for (int j = 1; j < k; j++) {
                    if (in[base + j] > in[base + best]) {
                        best = j;
                    }
                }
                out.data()[r * groups + i] = in[base + best];
                winner[r * groups + i] = r * width + i * k + best;
            }
        }
        return Variable.result(out, new Backward("groupMax", g -> {
            Tensor dense = g.contiguous();
            Tensor dx = Tensor.zeros(n, width);
            for (int i = 0; i < winner.length; i++) {
                dx.data()[winner[i]] = dense.data()[dense.offset() + i];
            }
            return new Tensor[] {dx};
        }), x);
    }
}
