package deepvec.simd;

import deepvec.simd.internal.KernelProvider;
import deepvec.simd.internal.Kernels;

/**
 * Reductions over all elements or along one axis: sum, mean, max, argmax and variance.
 * Sums are taken in float over blocks of a few thousand elements and the block sums combined
 * in double, so long reductions keep about float precision. Variance is two-pass (mean first,
 * then squared deviations), which stays accurate when the mean is large.
 *
 * <p>Along an axis the result drops that axis, or keeps it with extent 1 when {@code keepDim}.
 * A reduction along an axis other than the last first makes that axis the last (one copy).
 */
public final class Reduce {

    private Reduce() {
    }

    /** Sum of all elements (0 for an empty tensor). */
    public static float sum(Tensor x) {
        Tensor c = x.contiguous();
        return (float) KernelProvider.kernels().sum(c.data(), c.offset(), c.size());
    }

    /** Mean of all elements (NaN for an empty tensor). */
    public static float mean(Tensor x) {
        Tensor c = x.contiguous();
        return (float) (KernelProvider.kernels().sum(c.data(), c.offset(), c.size()) / c.size());
    }

    /** Largest element; NaN if any is NaN. */
    public static float max(Tensor x) {
        Tensor c = nonEmpty("max", x).contiguous();
        return KernelProvider.kernels().max(c.data(), c.offset(), c.size());
    }

    /** Row-major flat index of the first largest element (of the first NaN, if any). */
    public static int argmax(Tensor x) {
        Tensor c = nonEmpty("argmax", x).contiguous();
        return KernelProvider.kernels().argmax(c.data(), c.offset(), c.size());
    }

    /**
     * Variance of all elements, {@code sum (x - mean)^2 / (n - correction)}: correction 0 is the
     * maximum-likelihood estimate, 1 the unbiased one (Deep Learning eq. 5.20-5.21).
     */
    public static float variance(Tensor x, int correction) {
        Tensor c = x.contiguous();
        Kernels k = KernelProvider.kernels();
        float mean = (float) (k.sum(c.data(), c.offset(), c.size()) / c.size());
        return (float) (k.sumSquaredDeviations(c.data(), c.offset(), c.size(), mean) / (c.size() - correction));
    }

    /** Sums along {@code axis}. */
    public static Tensor sum(Tensor x, int axis, boolean keepDim) {
        Rows rows = Rows.along("sum", x, axis);
        Tensor out = rows.output(keepDim);
        Kernels k = KernelProvider.kernels();
        for (int r = 0; r < rows.count(); r++) {
            out.data()[r] = (float) k.sum(rows.data(), rows.offset(r), rows.length());
        }
        return out;
    }

    /** Means along {@code axis}. */
    public static Tensor mean(Tensor x, int axis, boolean keepDim) {
        Rows rows = Rows.along("mean", x, axis);
        Tensor out = rows.output(keepDim);
        Kernels k = KernelProvider.kernels();
        for (int r = 0; r < rows.count(); r++) {
            out.data()[r] = (float) (k.sum(rows.data(), rows.offset(r), rows.length()) / rows.length());
        }
        return out;
    }

    /** Maxima along {@code axis}. */
    public static Tensor max(Tensor x, int axis, boolean keepDim) {
        Rows rows = Rows.along("max", x, axis).nonEmpty();
        Tensor out = rows.output(keepDim);
        Kernels k = KernelProvider.kernels();
        for (int r = 0; r < rows.count(); r++) {
            out.data()[r] = k.max(rows.data(), rows.offset(r), rows.length());
        }
        return out;
    }

    /**
     * Index along {@code axis} of each maximum, for every position of the other axes in
     * row-major order (the shape of {@code max(x, axis, false)}).
     */
    public static int[] argmax(Tensor x, int axis) {
        Rows rows = Rows.along("argmax", x, axis).nonEmpty();
        int[] out = new int[rows.count()];
        Kernels k = KernelProvider.kernels();
        for (int r = 0; r < rows.count(); r++) {
            out[r] = k.argmax(rows.data(), rows.offset(r), rows.length());
        }
        return out;
    }

    /** Variances along {@code axis}; see {@link #variance(Tensor, int)} for the correction. */
    public static Tensor variance(Tensor x, int axis, int correction, boolean keepDim) {
        Rows rows = Rows.along("variance", x, axis);
        Tensor out = rows.output(keepDim);
        Kernels k = KernelProvider.kernels();
        int n = rows.length();
        for (int r = 0; r < rows.count(); r++) {
            float mean = (float) (k.sum(rows.data(), rows.offset(r), n) / n);
            out.data()[r] = (float) (k.sumSquaredDeviations(rows.data(), rows.offset(r), n, mean) / (n - correction));
        }
        return out;
    }

    private static Tensor nonEmpty(String op, Tensor x) {
        if (x.size() == 0) {
            throw new ShapeException(op + " of an empty tensor (shape " + java.util.Arrays.toString(x.shape())
                    + ") is undefined; expected at least one element");
        }
        return x;
    }
}
