package deepvec.simd;

import deepvec.simd.internal.KernelProvider;
import deepvec.simd.internal.Kernels;

/**
 * Numerically stable softmax, log-softmax and log-sum-exp along an axis. The row maximum is
 * subtracted before exponentiating (Deep Learning section 4.1), so no finite input overflows:
 * {@code softmax(x)_i = exp(x_i - m) / sum_j exp(x_j - m)} and
 * {@code logsumexp(x) = m + log sum_j exp(x_j - m)} with {@code m = max_j x_j}.
 */
public final class Softmax {

    private Softmax() {
    }

    /** softmax along {@code axis}; each slice sums to 1. */
    public static Tensor softmax(Tensor x, int axis) {
        Rows rows = Rows.along("softmax", x, axis);
        Tensor out = Tensor.zeros(rows.count(), rows.length());
        Kernels k = KernelProvider.kernels();
        int n = rows.length();
        for (int r = 0; r < rows.count(); r++) {
            float max = k.reduction().max(rows.data(), rows.offset(r), n);
            double sum = k.reduction().expShiftSum(rows.data(), rows.offset(r), max, out.data(), r * n, n);
            k.scaling().scale((float) (1 / sum), out.data(), r * n, out.data(), r * n, n);
        }
        return restore(out, x, axis);
    }

    /** log softmax along {@code axis}: {@code x_i - logsumexp(x)}, accurate where softmax underflows. */
    public static Tensor logSoftmax(Tensor x, int axis) {
        Rows rows = Rows.along("logSoftmax", x, axis);
        Tensor out = Tensor.zeros(rows.count(), rows.length());
        Kernels k = KernelProvider.kernels();
        int n = rows.length();
        for (int r = 0; r < rows.count(); r++) {
            float lse = logSumExpRow(k, rows.data(), rows.offset(r), n, out.data(), r * n);
            k.scaling().addScalar(-lse, rows.data(), rows.offset(r), out.data(), r * n, n);
        }
        return restore(out, x, axis);
    }

    /** log sum exp along {@code axis}; -inf for an all -inf slice, +inf if any element is +inf. */
    public static Tensor logSumExp(Tensor x, int axis, boolean keepDim) {
        Rows rows = Rows.along("logSumExp", x, axis);
        Tensor out = rows.output(keepDim);
        Kernels k = KernelProvider.kernels();
        float[] scratch = new float[rows.length()];
        for (int r = 0; r < rows.count(); r++) {
            out.data()[r] = logSumExpRow(k, rows.data(), rows.offset(r), rows.length(), scratch, 0);
        }
        return out;
    }

    private static float logSumExpRow(Kernels k, float[] x, int xo, int n, float[] scratch, int so) {
        float max = k.reduction().max(x, xo, n);
        if (Float.isInfinite(max)) {
            return max; // exp(x - max) would be NaN; the limit is max itself
        }
        return (float) (max + Math.log(k.reduction().expShiftSum(x, xo, max, scratch, so, n)));
    }

    /** Rows were computed with the axis moved last; put it back where it was. */
    private static Tensor restore(Tensor rows, Tensor x, int axis) {
        int ax = Shapes.axis("softmax", axis, x.rank());
        int rank = x.rank();
        int[] moved = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            if (i != ax) {
                moved[j++] = x.dim(i);
            }
        }
        moved[rank - 1] = x.dim(ax);
        Tensor shaped = rows.reshape(moved);
        if (ax == rank - 1) {
            return shaped;
        }
        int[] back = new int[rank];
        for (int i = 0; i < rank; i++) {
            back[i] = i < ax ? i : i == ax ? rank - 1 : i - 1;
        }
        return shaped.permute(back).contiguous();
    }
}
