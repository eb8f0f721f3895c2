package deepvec.simd;

import deepvec.simd.internal.KernelProvider;
import deepvec.simd.internal.Kernels;
import java.util.Arrays;

/**
 * Reductions over all elements or along one axis: sum, mean, max, argmax and variance.
 * Sums are taken in float over blocks of a few thousand elements and the block sums combined
 * in double, so long reductions keep about float precision. Variance is two-pass (mean first,
 * then squared deviations), which stays accurate when the mean is large.
 *
 * <p>Along an axis the result drops that axis, or keeps it with extent 1 when {@code keepDim}.
 * A reduction along an axis other than the last first makes that axis the last (one copy),
 * except a sum over a contiguous tensor, which adds whole slices in axis order instead (the
 * bias gradient of a layer: column sums of [n, d]), in float blocks combined in double.
 */
public final class Reduce {

    private Reduce() {
    }

    /** Sum of all elements (0 for an empty tensor). */
    public static float sum(Tensor x) {
        Tensor c = x.contiguous();
        return (float) KernelProvider.kernels().reduction().sum(c.data(), c.offset(), c.size());
    }

    /** Mean of all elements (NaN for an empty tensor). */
    public static float mean(Tensor x) {
        Tensor c = x.contiguous();
        return (float) (KernelProvider.kernels().reduction().sum(c.data(), c.offset(), c.size()) / c.size());
    }

    /**
     * Sum of squares of all elements, {@code ||x||^2} (in double: squared norms of millions of
     * gradient entries overflow float precision long before float range).
     */
    public static double sumOfSquares(Tensor x) {
        Tensor c = x.contiguous();
        return KernelProvider.kernels().reduction().sumSquaredDeviations(c.data(), c.offset(), c.size(), 0f);
    }

    /** Largest element; NaN if any is NaN. */
    public static float max(Tensor x) {
        Tensor c = nonEmpty("max", x).contiguous();
        return KernelProvider.kernels().reduction().max(c.data(), c.offset(), c.size());
    }

    /** Row-major flat index of the first largest element (of the first NaN, if any). */
    public static int argmax(Tensor x) {
        Tensor c = nonEmpty("argmax", x).contiguous();
        return KernelProvider.kernels().reduction().argmax(c.data(), c.offset(), c.size());
    }

    /**
     * Variance of all elements, {@code sum (x - mean)^2 / (n - correction)}: correction 0 is the
     * maximum-likelihood estimate, 1 the unbiased one (Deep Learning eq. 5.20-5.21).
     */
    public static float variance(Tensor x, int correction) {
        Tensor c = x.contiguous();
        Kernels k = KernelProvider.kernels();
        float mean = (float) (k.reduction().sum(c.data(), c.offset(), c.size()) / c.size());
        return (float) (k.reduction().sumSquaredDeviations(c.data(), c.offset(), c.size(), mean) / (c.size() - correction));
    }

    /** Sums along {@code axis}. */
    public static Tensor sum(Tensor x, int axis, boolean keepDim) {
        int ax = Shapes.axis("sum", axis, x.rank());
        if (ax < x.rank() - 1 && x.isContiguous()) {
            return sumSlices(x, ax, keepDim);
        }
        Rows rows = Rows.along("sum", x, axis);
        Tensor out = rows.output(keepDim);
        Kernels k = KernelProvider.kernels();
        for (int r = 0; r < rows.count(); r++) {
            out.data()[r] = (float) k.reduction().sum(rows.data(), rows.offset(r), rows.length());
        }
        return out;
    }

    /** Rows of a float block sum before they are combined in double, as in the all-element sum. */
    private static final int SLICE_BLOCK = 4096;

    /**
     * Sums a contiguous x along an axis that is not the last: each of the {@code outer} groups is
     * {@code length} slices of {@code inner} consecutive floats, added slice by slice.
     */
    private static Tensor sumSlices(Tensor x, int axis, boolean keepDim) {
        int[] shape = x.shape();
        int length = shape[axis];
        int inner = Shapes.numel(Arrays.copyOfRange(shape, axis + 1, shape.length));
        int outer = Shapes.numel(Arrays.copyOfRange(shape, 0, axis));
        int[] kept = shape.clone();
        kept[axis] = 1;
        Tensor out = Tensor.zeros(keepDim ? kept : Shapes.without(shape, axis));
        Kernels k = KernelProvider.kernels();
        float[] block = new float[inner];
        double[] total = new double[inner];
        for (int o = 0; o < outer; o++) {
            Arrays.fill(total, 0.0);
            for (int start = 0; start < length; start += SLICE_BLOCK) {
                Arrays.fill(block, 0f);
                int end = Math.min(length, start + SLICE_BLOCK);
                for (int i = start; i < end; i++) {
                    k.binary().add(block, 0, x.data(), x.offset() + (o * length + i) * inner, block, 0, inner);
                }
                for (int j = 0; j < inner; j++) {
                    total[j] += block[j];
                }
            }
            for (int j = 0; j < inner; j++) {
                out.data()[o * inner + j] = (float) total[j];
            }
        }
        return out;
    }

    /** Means along {@code axis}. */
    public static Tensor mean(Tensor x, int axis, boolean keepDim) {
        Rows rows = Rows.along("mean", x, axis);
        Tensor out = rows.output(keepDim);
        Kernels k = KernelProvider.kernels();
        for (int r = 0; r < rows.count(); r++) {
            out.data()[r] = (float) (k.reduction().sum(rows.data(), rows.offset(r), rows.length()) / rows.length());
        }
        return out;
    }

    /** Maxima along {@code axis}. */
    public static Tensor max(Tensor x, int axis, boolean keepDim) {
        Rows rows = Rows.along("max", x, axis).nonEmpty();
        Tensor out = rows.output(keepDim);
        Kernels k = KernelProvider.kernels();
        for (int r = 0; r < rows.count(); r++) {
            out.data()[r] = k.reduction().max(rows.data(), rows.offset(r), rows.length());
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
            out[r] = k.reduction().argmax(rows.data(), rows.offset(r), rows.length());
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
            float mean = (float) (k.reduction().sum(rows.data(), rows.offset(r), n) / n);
            out.data()[r] = (float) (k.reduction().sumSquaredDeviations(rows.data(), rows.offset(r), n, mean) / (n - correction));
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
