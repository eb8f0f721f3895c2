package deepvec.simd;

import deepvec.simd.internal.KernelProvider;
import deepvec.simd.internal.Kernels;
import java.util.Arrays;

/**
 * Elementwise arithmetic and activation functions over tensors, vectorised. Binary operations
 * broadcast as NumPy does (trailing axes aligned, extent 1 stretches). Results are new
 * contiguous tensors, or are written into a given {@code out}, which may be one of the
 * inputs when it already has the result's shape (in-place update).
 *
 * <p>Rows are handed to the kernels whole: an operand whose last axis is not dense (a
 * broadcast or a strided view) is first gathered into a row buffer. Dense operands of the
 * result's shape are split into ranges over the {@link ComputePool#current() current pool}
 * ({@link ParallelRanges}); every element is computed alike on any thread.
 */
public final class Elementwise {

    private Elementwise() {
    }

    /** a + b, broadcast. */
    public static Tensor add(Tensor a, Tensor b) {
        return binary(BinaryOp.ADD, a, b);
    }

    /** a - b, broadcast. */
    public static Tensor sub(Tensor a, Tensor b) {
        return binary(BinaryOp.SUB, a, b);
    }

    /** a * b, broadcast. */
    public static Tensor mul(Tensor a, Tensor b) {
        return binary(BinaryOp.MUL, a, b);
    }

    /** a / b, broadcast. */
    public static Tensor div(Tensor a, Tensor b) {
        return binary(BinaryOp.DIV, a, b);
    }

    /** max(a, b), broadcast. */
    public static Tensor maximum(Tensor a, Tensor b) {
        return binary(BinaryOp.MAXIMUM, a, b);
    }

    /** A new tensor holding {@code op(a, b)} with the broadcast shape of a and b. */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = Tensor.zeros(Shapes.broadcast(op.name().toLowerCase(), a.shape(), b.shape()));
        binary(op, a, b, out);
        return out;
    }

    /**
     * Writes {@code op(a, b)} into {@code out}.
     *
     * @throws ShapeException if a and b do not broadcast, or out is not contiguous with the
     *     broadcast shape
     */
    public static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = Shapes.broadcast(op.name().toLowerCase(), a.shape(), b.shape());
        checkOut(op.name().toLowerCase(), shape, out);
        Kernels k = KernelProvider.kernels();
        if (Arrays.equals(a.shape(), shape) && Arrays.equals(b.shape(), shape) && a.isContiguous() && b.isContiguous()) {
            ParallelRanges.run(out.size(), ParallelRanges.ELEMENT_GRAIN, (from, count) ->
                    op.apply(k, a.data(), a.offset() + from, b.data(), b.offset() + from, out.data(), out.offset() + from, count));
            return;
        }
        RowCursor ra = new RowCursor(a.broadcastTo(shape));
        RowCursor rb = new RowCursor(b.broadcastTo(shape));
        int inner = ra.rowLength();
        for (int row = 0, o = out.offset(); row < ra.rows(); row++, o += inner) {
            op.apply(k, ra.data(), ra.offset(), rb.data(), rb.offset(), out.data(), o, inner);
            ra.advance();
            rb.advance();
        }
    }

    /** a * b + c with one rounding, all three broadcast together. */
    public static Tensor fma(Tensor a, Tensor b, Tensor c) {
        int[] shape = Shapes.broadcast("fma", Shapes.broadcast("fma", a.shape(), b.shape()), c.shape());
        Tensor out = Tensor.zeros(shape);
        RowCursor ra = new RowCursor(a.broadcastTo(shape));
        RowCursor rb = new RowCursor(b.broadcastTo(shape));
        RowCursor rc = new RowCursor(c.broadcastTo(shape));
        int inner = ra.rowLength();
        Kernels k = KernelProvider.kernels();
        for (int row = 0, o = 0; row < ra.rows(); row++, o += inner) {
            k.binary().fma(ra.data(), ra.offset(), rb.data(), rb.offset(), rc.data(), rc.offset(), out.data(), o, inner);
            ra.advance();
            rb.advance();
            rc.advance();
        }
        return out;
    }

    /** x + s. */
    public static Tensor add(Tensor x, float s) {
        return withScalar(x, s, KernelProvider.kernels().scaling()::addScalar);
    }

    /** s * x. */
    public static Tensor scale(Tensor x, float s) {
        return withScalar(x, s, KernelProvider.kernels().scaling()::scale);
    }

    /** Leaky ReLU: x for x &gt; 0, slope * x otherwise. */
    public static Tensor leakyRelu(Tensor x, float slope) {
        return withScalar(x, slope, KernelProvider.kernels().unary()::leakyRelu);
    }

    /** A kernel taking one float parameter: y = f(s, x) over a contiguous range. */
    @FunctionalInterface
    private interface ScalarKernel {
        void apply(float s, float[] x, int xo, float[] y, int yo, int n);
    }

    private static Tensor withScalar(Tensor x, float s, ScalarKernel kernel) {
        Tensor in = x.contiguous();
        Tensor out = Tensor.zeros(x.shape());
        kernel.apply(s, in.data(), in.offset(), out.data(), 0, out.size());
        return out;
    }

    /** sign(x): 1 for x &gt; 0, -1 for x &lt; 0, 0 for zeros and NaN. */
    public static Tensor sign(Tensor x) {
        Tensor zero = Tensor.scalar(0f);
        return sub(binary(BinaryOp.LESS, zero, x), binary(BinaryOp.LESS, x, zero));
    }

    /** max(x, 0). */
    public static Tensor relu(Tensor x) {
        return unary(UnaryOp.RELU, x);
    }

    /** |x|. */
    public static Tensor abs(Tensor x) {
        return unary(UnaryOp.ABS, x);
    }

    /** Square root. */
    public static Tensor sqrt(Tensor x) {
        return unary(UnaryOp.SQRT, x);
    }

    /** e^x. */
    public static Tensor exp(Tensor x) {
        return unary(UnaryOp.EXP, x);
    }

    /** Natural logarithm. */
    public static Tensor log(Tensor x) {
        return unary(UnaryOp.LOG, x);
    }

    /** Hyperbolic tangent. */
    public static Tensor tanh(Tensor x) {
        return unary(UnaryOp.TANH, x);
    }

    /** Logistic sigmoid. */
    public static Tensor sigmoid(Tensor x) {
        return unary(UnaryOp.SIGMOID, x);
    }

    /** Softplus log(1 + e^x). */
    public static Tensor softplus(Tensor x) {
        return unary(UnaryOp.SOFTPLUS, x);
    }

    /** A new tensor holding {@code op(x)}. */
    public static Tensor unary(UnaryOp op, Tensor x) {
        Tensor out = Tensor.zeros(x.shape());
        unary(op, x, out);
        return out;
    }

    /** Writes {@code op(x)} into {@code out}, which must be contiguous with x's shape (it may be x). */
    public static void unary(UnaryOp op, Tensor x, Tensor out) {
        checkOut(op.name().toLowerCase(), x.shape(), out);
        Tensor in = x.contiguous();
        Kernels k = KernelProvider.kernels();
        ParallelRanges.run(out.size(), ParallelRanges.ELEMENT_GRAIN, (from, count) ->
                op.apply(k, in.data(), in.offset() + from, out.data(), out.offset() + from, count));
    }

    private static void checkOut(String op, int[] shape, Tensor out) {
        if (!Arrays.equals(shape, out.shape()) || !out.isContiguous()) {
            throw new ShapeException(op + ": out has shape " + Arrays.toString(out.shape())
                    + (out.isContiguous() ? "" : " and is not contiguous") + "; expected a contiguous tensor of shape "
                    + Arrays.toString(shape));
        }
    }

    /**
     * Walks the rows (all axes but the last) of a view in row-major order, presenting each as
     * a dense run: in place when the last axis has stride 1, else gathered into a buffer.
     */
    private static final class RowCursor {
        private final Tensor view;
        private final int[] shape;
        private final int[] strides;
        private final int[] index;
        private final int rows;
        private final int rowLength;
        private final int innerStride;
        private final float[] buffer;
        private int base;

        RowCursor(Tensor view) {
            this.view = view;
            this.shape = view.shape();
            this.strides = view.strides();
            int rank = view.rank();
            this.rowLength = rank == 0 ? 1 : view.dim(-1);
            this.rows = rowLength == 0 ? 0 : view.size() / rowLength;
            this.index = new int[Math.max(rank - 1, 0)];
            this.innerStride = rank == 0 ? 1 : view.strides()[rank - 1];
            this.buffer = innerStride == 1 ? null : new float[rowLength];
            this.base = view.offset();
            gather();
        }

        int rows() {
            return rows;
        }

        int rowLength() {
            return rowLength;
        }

        float[] data() {
            return buffer == null ? view.data() : buffer;
        }

        int offset() {
            return buffer == null ? base : 0;
        }

        void advance() {
            for (int i = index.length - 1; i >= 0; i--) {
                base += strides[i];
                if (++index[i] < shape[i]) {
                    break;
                }
                base -= strides[i] * shape[i];
                index[i] = 0;
            }
            gather();
        }

        private void gather() {
            if (buffer == null || rows == 0) {
                return;
            }
            float[] src = view.data();
            if (innerStride == 0) {
                Arrays.fill(buffer, src[base]);
                return;
            }
            for (int j = 0, s = base; j < rowLength; j++, s += innerStride) {
                buffer[j] = src[s];
            }
        }
    }
}
