package deepvec.nn.autograd;

import deepvec.simd.BinaryOp;
import deepvec.simd.Elementwise;
import deepvec.simd.Gemm;
import deepvec.simd.Reduce;
import deepvec.simd.ShapeException;
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
     * for a linear layer). The transposes are views read in place by GEMM.
     */
    public static Variable matmul(Variable a, Variable b) {
        Tensor va = a.value();
        Tensor vb = b.value();
        if (va.rank() != 2 || vb.rank() != 2) {
            throw new ShapeException("Ops.matmul: expected two matrices, got " + Arrays.toString(va.shape()) + " x "
                    + Arrays.toString(vb.shape()));
        }
        return Variable.result(Gemm.matmul(va, vb),
                new Backward("matmul", g -> new Tensor[] {Gemm.matmul(g, vb.transpose(0, 1)),
                    Gemm.matmul(va.transpose(0, 1), g)}), a, b);
    }

    /** |x|, with subgradient sign(x) (0 at 0): absolute value rectification and the L1 penalty. */
    public static Variable abs(Variable x) {
        Tensor v = x.value();
        return Variable.result(Elementwise.abs(v), new Backward("abs", g -> {
            Tensor sign = Elementwise.sub(Elementwise.binary(BinaryOp.LESS, Tensor.scalar(0f), v),
                    Elementwise.binary(BinaryOp.LESS, v, Tensor.scalar(0f)));
            return new Tensor[] {Elementwise.mul(g, sign)};
        }), x);
    }

    /** max(x, 0): the gradient passes where x &gt; 0 (Deep Learning eq. 6.37). */
    public static Variable relu(Variable x) {
        Tensor v = x.value();
        return Variable.result(Elementwise.relu(v), new Backward("relu",
                g -> new Tensor[] {Elementwise.mul(g, Elementwise.binary(BinaryOp.LESS, Tensor.scalar(0f), v))}), x);
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
}
