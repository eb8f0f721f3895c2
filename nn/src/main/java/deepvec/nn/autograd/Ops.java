package deepvec.nn.autograd;

import deepvec.simd.BinaryOp;
import deepvec.simd.Elementwise;
import deepvec.simd.Gemm;
import deepvec.simd.Reduce;
import deepvec.simd.ShapeException;
import deepvec.simd.Softmax;
import deepvec.simd.Tensor;
import deepvec.simd.UnaryOp;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The elementwise, matrix and reduction primitives, each a forward computation on the kernel
 * layer and its backward rule side by side (the table in {@code docs/architecture.md} lists
 * every primitive of {@code Ops}, {@link ShapeOps}, {@link ImageOps} and
 * {@link NormalizationOps}). Binary arithmetic broadcasts like {@link Elementwise}; the
 * gradient of a broadcast input is summed back to its shape. A rule computes only the
 * gradients of inputs that require one.
 */
public final class Ops {

    private Ops() {
    }

    /** A backward rule: the output gradient and which inputs want theirs, to one gradient per input. */
    @FunctionalInterface
    interface Rule {
        Tensor[] apply(Tensor gradOutput, boolean[] needed);
    }

    private record Backward(String name, Rule rule) implements Op {
        @Override
        public Tensor[] backward(Tensor gradOutput, boolean[] needed) {
            return rule.apply(gradOutput, needed);
        }
    }

    /** Records a primitive of this package: its value, computed by the caller, and its rule. */
    static Variable primitive(String name, Tensor value, Rule rule, Variable... inputs) {
        return Variable.result(value, new Backward(name, rule), inputs);
    }

    /**
     * Defines a new primitive op: its forward value, computed by the caller, and its backward
     * rule, which maps the gradient of the output to one gradient per input (null for an input
     * that gets none), each of that input's shape. Recorded only while gradients are enabled;
     * back-propagation checks the number and shapes of the gradients the rule returns.
     *
     * @param name a short name for messages
     */
    public static Variable define(String name, Tensor value, Function<Tensor, Tensor[]> backward, Variable... inputs) {
        return primitive(name, value, (g, needed) -> backward.apply(g), inputs);
    }

    /** a + b. */
    public static Variable add(Variable a, Variable b) {
        int[] sa = a.value().shape();
        int[] sb = b.value().shape();
        return primitive("add", Elementwise.add(a.value(), b.value()), (g, needed) -> new Tensor[] {
            needed[0] ? Gradients.unbroadcast(g, sa) : null, needed[1] ? Gradients.unbroadcast(g, sb) : null}, a, b);
    }

    /** a - b. */
    public static Variable sub(Variable a, Variable b) {
        int[] sa = a.value().shape();
        int[] sb = b.value().shape();
        return primitive("sub", Elementwise.sub(a.value(), b.value()), (g, needed) -> new Tensor[] {
            needed[0] ? Gradients.unbroadcast(g, sa) : null,
            needed[1] ? Gradients.unbroadcast(Elementwise.scale(g, -1f), sb) : null}, a, b);
    }

    /** a * b, elementwise: d/da = g b, d/db = g a. */
    public static Variable mul(Variable a, Variable b) {
        Tensor va = a.value();
        Tensor vb = b.value();
        return primitive("mul", Elementwise.mul(va, vb), (g, needed) -> new Tensor[] {
            needed[0] ? Gradients.unbroadcast(Elementwise.mul(g, vb), va.shape()) : null,
            needed[1] ? Gradients.unbroadcast(Elementwise.mul(g, va), vb.shape()) : null}, a, b);
    }

    /** a / b, elementwise: d/da = g / b, d/db = -g a / b^2. */
    public static Variable div(Variable a, Variable b) {
        Tensor va = a.value();
        Tensor vb = b.value();
        Tensor y = Elementwise.div(va, vb);
        return primitive("div", y, (g, needed) -> new Tensor[] {
            needed[0] ? Gradients.unbroadcast(Elementwise.div(g, vb), va.shape()) : null,
            needed[1] ? Gradients.unbroadcast(Elementwise.scale(Elementwise.div(Elementwise.mul(g, y), vb), -1f), vb.shape()) : null},
            a, b);
    }

    /** -x. */
    public static Variable neg(Variable x) {
        return primitive("neg", Elementwise.scale(x.value(), -1f), (g, needed) -> new Tensor[] {Elementwise.scale(g, -1f)}, x);
    }

    /** s x for a constant s: d/dx = s g. */
    public static Variable scale(Variable x, float s) {
        return primitive("scale", Elementwise.scale(x.value(), s), (g, needed) -> new Tensor[] {Elementwise.scale(g, s)}, x);
    }

    /** x^2, elementwise: d/dx = 2 g x. */
    public static Variable square(Variable x) {
        Tensor v = x.value();
        return primitive("square", Elementwise.mul(v, v),
                (g, needed) -> new Tensor[] {Elementwise.mul(Elementwise.scale(v, 2f), g)}, x);
    }

    /** x^p for a constant exponent p, elementwise: d/dx = g p x^(p-1) (NaN where x^p is). */
    public static Variable pow(Variable x, float p) {
        Tensor v = x.value().contiguous();
        float[] y = new float[v.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) Math.pow(v.data()[v.offset() + i], p);
        }
        return primitive("pow", Tensor.of(y, v.shape()), (g, needed) -> {
            float[] d = new float[y.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = p * (float) Math.pow(v.data()[v.offset() + i], p - 1);
            }
            return new Tensor[] {Elementwise.mul(g, Tensor.of(d, v.shape()))};
        }, x);
    }

    /** e^x: d/dx = g e^x. */
    public static Variable exp(Variable x) {
        Tensor y = Elementwise.exp(x.value());
        return primitive("exp", y, (g, needed) -> new Tensor[] {Elementwise.mul(g, y)}, x);
    }

    /** The natural logarithm: d/dx = g / x. */
    public static Variable log(Variable x) {
        Tensor v = x.value();
        return primitive("log", Elementwise.log(v), (g, needed) -> new Tensor[] {Elementwise.div(g, v)}, x);
    }

    /** The square root y: d/dx = g / (2 y). */
    public static Variable sqrt(Variable x) {
        Tensor y = Elementwise.sqrt(x.value());
        return primitive("sqrt", y, (g, needed) -> new Tensor[] {Elementwise.div(g, Elementwise.scale(y, 2f))}, x);
    }

    /**
     * x clamped into [lo, hi] elementwise; the gradient passes where lo &lt;= x &lt;= hi (as
     * PyTorch's {@code clamp}) and is zero where the bound took over.
     *
     * @throws IllegalArgumentException unless lo &lt;= hi
     */
    public static Variable clamp(Variable x, float lo, float hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " above upper bound " + hi);
        }
        Tensor v = x.value().contiguous();
        float[] y = new float[v.size()];
        float[] inside = new float[v.size()];
        for (int i = 0; i < y.length; i++) {
            float e = v.data()[v.offset() + i];
            y[i] = Math.min(Math.max(e, lo), hi);
            inside[i] = e >= lo && e <= hi ? 1f : 0f;
        }
        return primitive("clamp", Tensor.of(y, v.shape()),
                (g, needed) -> new Tensor[] {Elementwise.mul(g, Tensor.of(inside, v.shape()))}, x);
    }

    /**
     * {@code condition ? a : b} elementwise, with a constant condition (nonzero is true)
     * broadcast to the shape of a and b, which must agree: the gradient goes to a where the
     * condition holds and to b elsewhere (masking).
     *
     * @throws ShapeException if a and b differ in shape or the condition does not broadcast to it
     */
    public static Variable where(Tensor condition, Variable a, Variable b) {
        int[] shape = a.value().shape();
        if (!Arrays.equals(shape, b.value().shape())) {
            throw new ShapeException("where: a " + Arrays.toString(shape) + " and b " + Arrays.toString(b.value().shape())
                    + " must have one shape");
        }
        float[] mask = condition.broadcastTo(shape).contiguous().toArray();
        float[] va = a.value().contiguous().toArray();
        float[] vb = b.value().contiguous().toArray();
        float[] y = new float[mask.length];
        for (int i = 0; i < y.length; i++) {
            mask[i] = mask[i] != 0f ? 1f : 0f;
            y[i] = mask[i] != 0f ? va[i] : vb[i];
        }
        Tensor m = Tensor.of(mask, shape);
        return primitive("where", Tensor.of(y, shape), (g, needed) -> new Tensor[] {
            needed[0] ? Elementwise.mul(g, m) : null,
            needed[1] ? Elementwise.mul(g, Elementwise.add(Elementwise.scale(m, -1f), 1f)) : null}, a, b);
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
        return primitive("matmul", Gemm.matmul(va, vb), (g, needed) -> new Tensor[] {
            needed[0] ? Gemm.matmul(g, vb.transpose(0, 1)) : null, needed[1] ? Gemm.matmul(va.transpose(0, 1), g) : null}, a, b);
    }

    /**
     * The affine map of a fully connected layer, {@code y = x W + b} for x [n, in], W [in, out],
     * b [out] (eq. 6.1-6.3), optionally rectified, {@code y = max(x W + b, 0)}, as one op: the
     * bias and the ReLU are applied in place to the product, which no one else holds, so the
     * forward pass allocates one [n, out] tensor instead of three. The backward pass gates g by
     * y &gt; 0 when rectified, then is that of matmul and add: dx = g W^T, dW = x^T g, db = the
     * column sums of g. The same values and gradients as the separate ops.
     *
     * @throws ShapeException unless x is [n, in], W [in, out] and b [out]
     */
    public static Variable linear(Variable x, Variable w, Variable b, boolean rectify) {
        Tensor vx = x.value();
        Tensor vw = w.value();
        Tensor vb = b.value();
        if (vx.rank() != 2 || vw.rank() != 2 || vx.dim(1) != vw.dim(0) || vb.rank() != 1 || vb.dim(0) != vw.dim(1)) {
            throw new ShapeException("Ops.linear: x " + Arrays.toString(vx.shape()) + ", W " + Arrays.toString(vw.shape()) + ", b "
                    + Arrays.toString(vb.shape()) + "; expected [n, in], [in, out], [out]");
        }
        Tensor y = Gemm.matmul(vx, vw);
        Elementwise.binary(BinaryOp.ADD, y, vb, y);
        if (rectify) {
            Elementwise.unary(UnaryOp.RELU, y, y);
        }
        int[] biasShape = vb.shape();
        return primitive(rectify ? "linearRelu" : "linear", y, (gradOutput, needed) -> {
            Tensor g = rectify ? Elementwise.binary(BinaryOp.WHERE_POSITIVE, gradOutput, y) : gradOutput;
            return new Tensor[] {needed[0] ? Gemm.matmul(g, vw.transpose(0, 1)) : null,
                needed[1] ? Gemm.matmul(vx.transpose(0, 1), g) : null, needed[2] ? Gradients.unbroadcast(g, biasShape) : null};
        }, x, w, b);
    }

    /** |x|, with subgradient sign(x) (0 at 0): absolute value rectification and the L1 penalty. */
    public static Variable abs(Variable x) {
        Tensor v = x.value();
        return primitive("abs", Elementwise.abs(v), (g, needed) -> new Tensor[] {Elementwise.mul(g, Elementwise.sign(v))}, x);
    }

    /** max(x, 0): the gradient passes where x &gt; 0 (Deep Learning eq. 6.37). */
    public static Variable relu(Variable x) {
        Tensor v = x.value();
        return primitive("relu", Elementwise.relu(v),
                (g, needed) -> new Tensor[] {Elementwise.binary(BinaryOp.WHERE_POSITIVE, g, v)}, x);
    }

    /** Logistic sigmoid y: d/dx = g y (1 - y) (Deep Learning eq. 3.30, 6.38). */
    public static Variable sigmoid(Variable x) {
        Tensor y = Elementwise.sigmoid(x.value());
        return primitive("sigmoid", y, (g, needed) -> new Tensor[] {
            Elementwise.mul(g, Elementwise.mul(y, Elementwise.add(Elementwise.scale(y, -1f), 1f)))}, x);
    }

    /** Hyperbolic tangent y: d/dx = g (1 - y^2). */
    public static Variable tanh(Variable x) {
        Tensor y = Elementwise.tanh(x.value());
        return primitive("tanh", y, (g, needed) -> new Tensor[] {
            Elementwise.mul(g, Elementwise.add(Elementwise.scale(Elementwise.mul(y, y), -1f), 1f))}, x);
    }

    /** Leaky ReLU: x for x &gt; 0, slope x otherwise (section 6.3.1 with a fixed alpha). */
    public static Variable leakyRelu(Variable x, float slope) {
        Tensor v = x.value();
        return primitive("leakyRelu", Elementwise.leakyRelu(v, slope), (g, needed) -> {
            Tensor positive = Elementwise.binary(BinaryOp.LESS, Tensor.scalar(0f), v);
            Tensor derivative = Elementwise.add(Elementwise.scale(positive, 1f - slope), slope);
            return new Tensor[] {Elementwise.mul(g, derivative)};
        }, x);
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
        return primitive("prelu", Elementwise.fma(a, negativePart, positivePart), (g, needed) -> {
            Tensor dx = null;
            if (needed[0]) {
                Tensor positive = Elementwise.binary(BinaryOp.LESS, Tensor.scalar(0f), v);
                dx = Elementwise.mul(g, Elementwise.fma(Elementwise.add(Elementwise.scale(positive, -1f), 1f), a, positive));
            }
            return new Tensor[] {dx, needed[1] ? Gradients.unbroadcast(Elementwise.mul(g, negativePart), a.shape()) : null};
        }, x, alpha);
    }

    /** Softplus zeta(x) = log(1 + exp x) (Deep Learning eq. 3.31): d/dx = sigma(x) (eq. 3.40). */
    public static Variable softplus(Variable x) {
        Tensor v = x.value();
        return primitive("softplus", Elementwise.softplus(v),
                (g, needed) -> new Tensor[] {Elementwise.mul(g, Elementwise.sigmoid(v))}, x);
    }

    /** The sum of all elements, as a one-element [1] value: d/dx = g everywhere. */
    public static Variable sum(Variable x) {
        int[] shape = x.value().shape();
        return primitive("sum", Tensor.of(new float[] {Reduce.sum(x.value())}, 1),
                (g, needed) -> new Tensor[] {Tensor.full(g.get(0), shape)}, x);
    }

    /** The mean of all elements, as a one-element [1] value: d/dx = g / n everywhere. */
    public static Variable mean(Variable x) {
        int[] shape = x.value().shape();
        int n = x.value().size();
        return primitive("mean", Tensor.of(new float[] {Reduce.mean(x.value())}, 1),
                (g, needed) -> new Tensor[] {Tensor.full(g.get(0) / n, shape)}, x);
    }

    /** Sums along {@code axis} (kept with extent 1 when {@code keepDim}): the gradient is g broadcast back along it. */
    public static Variable sum(Variable x, int axis, boolean keepDim) {
        int[] shape = x.value().shape();
        int[] kept = keptShape(shape, axis);
        return primitive("sum", Reduce.sum(x.value(), axis, keepDim),
                (g, needed) -> new Tensor[] {g.reshape(kept).broadcastTo(shape).contiguous()}, x);
    }

    /** Means along {@code axis}: the gradient is g / n broadcast back along it. */
    public static Variable mean(Variable x, int axis, boolean keepDim) {
        int[] shape = x.value().shape();
        int[] kept = keptShape(shape, axis);
        float n = shape[axisIndex(shape, axis)];
        return primitive("mean", Reduce.mean(x.value(), axis, keepDim),
                (g, needed) -> new Tensor[] {Elementwise.scale(g.reshape(kept).broadcastTo(shape), 1f / n)}, x);
    }

    /** Maxima along {@code axis}: the gradient goes to the first maximum of each slice. */
    public static Variable max(Variable x, int axis, boolean keepDim) {
        Tensor v = x.value();
        int[] shape = v.shape();
        int a = axisIndex(shape, axis);
        int[] winners = Reduce.argmax(v, a);
        return primitive("max", Reduce.max(v, a, keepDim), (g, needed) -> {
            Tensor dense = g.contiguous();
            Tensor dx = Tensor.zeros(shape);
            int n = shape[a];
            int inner = 1;
            for (int i = a + 1; i < shape.length; i++) {
                inner *= shape[i];
            }
            for (int r = 0; r < winners.length; r++) {      // r runs over (outer, inner) in row-major order
                int outer = r / inner;
                int position = r % inner;
                dx.data()[(outer * n + winners[r]) * inner + position] = dense.data()[dense.offset() + r];
            }
            return new Tensor[] {dx};
        }, x);
    }

    /**
     * {@code log sum_i exp x_i} along {@code axis}, computed stably (Deep Learning section 4.1):
     * the gradient is g softmax(x) along the axis.
     */
    public static Variable logSumExp(Variable x, int axis, boolean keepDim) {
        Tensor v = x.value();
        int[] shape = v.shape();
        int a = axisIndex(shape, axis);
        int[] kept = keptShape(shape, a);
        return primitive("logSumExp", Softmax.logSumExp(v, a, keepDim),
                (g, needed) -> new Tensor[] {Elementwise.mul(g.reshape(kept), Softmax.softmax(v, a))}, x);
    }

    /**
     * Softmax over the last axis (Deep Learning eq. 6.29): with y = softmax(x),
     * dx = y (g - sum_j g_j y_j), the Jacobian-vector product without forming the Jacobian.
     */
    public static Variable softmax(Variable x) {
        int last = x.value().rank() - 1;
        Tensor y = Softmax.softmax(x.value(), last);
        return primitive("softmax", y, (g, needed) -> {
            Tensor dot = Reduce.sum(Elementwise.mul(g, y), last, true);
            return new Tensor[] {Elementwise.mul(y, Elementwise.sub(g, dot))};
        }, x);
    }

    /** log softmax over the last axis: dx = g - softmax(x) sum_j g_j. */
    public static Variable logSoftmax(Variable x) {
        int last = x.value().rank() - 1;
        Tensor y = Softmax.logSoftmax(x.value(), last);
        return primitive("logSoftmax", y, (g, needed) -> {
            Tensor total = Reduce.sum(g, last, true);
            return new Tensor[] {Elementwise.sub(g, Elementwise.mul(Elementwise.exp(y), total))};
        }, x);
    }

    /**
     * The maximum over consecutive groups of {@code k} columns, [n, d k] -> [n, d]: the maxout
     * unit h_i = max_{j in G(i)} z_j (Deep Learning eq. 6.37). The gradient goes to the first
     * maximum of each group.
     *
     * @throws ShapeException unless x is a matrix whose width is a multiple of k
     */
    public static Variable groupMax(Variable x, int k) {
        Tensor v = x.value();
        if (v.rank() != 2 || k < 1 || v.dim(1) % k != 0) {
            throw new ShapeException("Ops.groupMax: input " + Arrays.toString(v.shape()) + " with groups of " + k
                    + "; expected [n, d * k]");
        }
        Variable grouped = ShapeOps.reshape(x, v.dim(0), v.dim(1) / k, k);
        return ShapeOps.reshape(max(grouped, 2, false), v.dim(0), v.dim(1) / k);
    }

    private static int axisIndex(int[] shape, int axis) {
        int a = axis < 0 ? axis + shape.length : axis;
        if (a < 0 || a >= shape.length) {
            throw new ShapeException("axis " + axis + " is out of range for shape " + Arrays.toString(shape));
        }
        return a;
    }

    /** The shape with {@code axis} set to 1: the keepDim shape of a reduction along it. */
    private static int[] keptShape(int[] shape, int axis) {
        int[] kept = shape.clone();
        kept[axisIndex(shape, axis)] = 1;
        return kept;
    }
}
