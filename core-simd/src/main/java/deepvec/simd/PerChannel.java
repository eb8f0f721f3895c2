package deepvec.simd;

import deepvec.simd.internal.BinaryKernels;
import deepvec.simd.internal.KernelProvider;
import deepvec.simd.internal.ReductionKernels;
import deepvec.simd.internal.ScalingKernels;
import java.util.Arrays;

/**
 * Per-channel passes over a dense batch of N examples, C channels and P positions per channel:
 * {@code [N, C]} (P = 1) or {@code [N, C, H, W]} (P = H W), element (n, c, p) at
 * {@code (n C + c) P + p}. These are the loops of batch normalisation (Deep Learning section
 * 8.7.1): statistics per channel, a per-channel affine map, per-channel sums, and the
 * three-term combination of its backward pass. Each works on the contiguous runs of P values
 * through the vector kernels. Channels (for sums) or examples (for maps) are split over threads,
 * and every channel is reduced in example order, so results are the same bits at any thread count.
 */
public final class PerChannel {

    private final int examples;
    private final int channels;
    private final int positions;

    private PerChannel(int examples, int channels, int positions) {
        this.examples = examples;
        this.channels = channels;
        this.positions = positions;
    }

    /**
     * The layout of {@code x}, [N, C] or [N, C, H, W].
     *
     * @throws ShapeException for another rank
     */
    public static PerChannel of(String op, Tensor x) {
        if (x.rank() != 2 && x.rank() != 4) {
            throw new ShapeException(op + ": input " + Arrays.toString(x.shape()) + "; expected [N, C] or [N, C, H, W]");
        }
        return new PerChannel(x.dim(0), x.dim(1), x.rank() == 4 ? x.dim(2) * x.dim(3) : 1);
    }

    /** C. */
    public int channels() {
        return channels;
    }

    /** m = N P, the values of each channel. */
    public int count() {
        return examples * positions;
    }

    /**
     * Mean and biased variance of each channel of the dense x, in two passes (the variance from
     * squared deviations about the mean, not from the mean of squares).
     */
    public void statistics(Tensor x, float[] mean, float[] variance) {
        Tensor v = dense(x);
        ReductionKernels k = KernelProvider.kernels().reduction();
        ParallelRanges.run(channels, ParallelRanges.itemsPerGrain(count()), (first, count) -> {
            for (int c = first; c < first + count; c++) {
                double sum = 0;
                for (int n = 0; n < examples; n++) {
                    sum += k.sum(v.data(), v.offset() + index(n, c), positions);
                }
                float mu = (float) (sum / count());
                double squares = 0;
                for (int n = 0; n < examples; n++) {
                    squares += k.sumSquaredDeviations(v.data(), v.offset() + index(n, c), positions, mu);
                }
                mean[c] = mu;
                variance[c] = (float) (squares / count());
            }
        });
    }

    /**
     * y = (x - mean[c]) invStd[c] for every element of channel c, as a new tensor: the
     * difference first, so values near the mean keep their precision.
     */
    public Tensor standardize(Tensor x, float[] mean, float[] invStd) {
        Tensor v = dense(x);
        Tensor y = Tensor.zeros(x.shape());
        ScalingKernels k = KernelProvider.kernels().scaling();
        forEachRow(1, (n, c, i) -> {
            k.addScalar(-mean[c], v.data(), v.offset() + i, y.data(), i, positions);
            k.scale(invStd[c], y.data(), i, y.data(), i, positions);
        });
        return y;
    }

    /** y = scale[c] x + shift[c] for every element of channel c, as a new tensor. */
    public Tensor affine(Tensor x, float[] scale, float[] shift) {
        Tensor v = dense(x);
        Tensor y = Tensor.zeros(x.shape());
        ScalingKernels k = KernelProvider.kernels().scaling();
        forEachRow(1, (n, c, i) -> k.affine(scale[c], shift[c], v.data(), v.offset() + i, y.data(), i, positions));
        return y;
    }

    /** The sum of each channel of x, or, with {@code z} of the same shape, of x times z. */
    public double[] sums(Tensor x, Tensor z) {
        Tensor v = dense(x);
        Tensor w = z == null ? null : dense(z);
        double[] sums = new double[channels];
        ReductionKernels k = KernelProvider.kernels().reduction();
        ParallelRanges.run(channels, ParallelRanges.itemsPerGrain(count()), (first, count) -> {
            for (int c = first; c < first + count; c++) {
                double s = 0;
                for (int n = 0; n < examples; n++) {   // each channel in example order, whichever thread has it
                    int i = index(n, c);
                    s += w == null ? k.sum(v.data(), v.offset() + i, positions)
                            : k.dot(v.data(), v.offset() + i, w.data(), w.offset() + i, positions);
                }
                sums[c] = s;
            }
        });
        return sums;
    }

    /** out = a[c] x + (b[c] z + c[c]) for every element of channel c, as a new tensor; x and z of one shape. */
    public Tensor combine(float[] a, Tensor x, float[] b, Tensor z, float[] constant) {
        Tensor v = dense(x);
        Tensor w = dense(z);
        Tensor out = Tensor.zeros(x.shape());
        ScalingKernels k = KernelProvider.kernels().scaling();
        forEachRow(1, (n, c, i) -> k.combine(a[c], v.data(), v.offset() + i, b[c], w.data(), w.offset() + i, constant[c], out.data(), i,
                positions));
        return out;
    }

    /**
     * out(n, c, p) = sum of x(n, c', p) over the window of {@code size} channels c' centred on
     * c, clipped at the ends (local response normalisation's window), as a new tensor.
     */
    public Tensor windowSums(Tensor x, int size) {
        Tensor v = dense(x);
        Tensor out = Tensor.zeros(x.shape());
        int half = size / 2;
        BinaryKernels k = KernelProvider.kernels().binary();
        forEachRow(size, (n, c, to) -> {
            for (int w = Math.max(0, c - half); w <= Math.min(channels - 1, c + half); w++) {
                k.add(out.data(), to, v.data(), v.offset() + index(n, w), out.data(), to, positions);
            }
        });
        return out;
    }

    /** What a map does to the row of example n, channel c, which starts at index i of a dense batch. */
    @FunctionalInterface
    private interface RowAction {
        void apply(int n, int c, int i);
    }

    /** Applies {@code action} to every row, examples split over threads; {@code cost} rows' work per row. */
    private void forEachRow(int cost, RowAction action) {
        ParallelRanges.run(examples, ParallelRanges.itemsPerGrain(channels * positions * cost), (first, count) -> {
            for (int n = first; n < first + count; n++) {
                for (int c = 0; c < channels; c++) {
                    action.apply(n, c, index(n, c));
                }
            }
        });
    }

    private int index(int n, int c) {
        return (n * channels + c) * positions;
    }

    private Tensor dense(Tensor x) {
        if (x.dim(0) != examples || x.dim(1) != channels || x.size() != count() * channels) {
            throw new ShapeException("per-channel pass over [" + examples + ", " + channels + ", " + positions + "] got "
                    + Arrays.toString(x.shape()));
        }
        return x.contiguous();
    }
}
