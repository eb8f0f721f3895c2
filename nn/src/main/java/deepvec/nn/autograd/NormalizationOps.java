package deepvec.nn.autograd;

import deepvec.simd.ParallelRanges;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import java.util.Arrays;

/**
 * Normalisations across examples or channels: batch normalisation (Deep Learning section
 * 8.7.1) and local response normalisation across channels. Inputs are [N, C] feature batches
 * or [N, C, H, W] image batches; "channel" is axis 1, and element (n, c, p) of a batch with
 * P = H W positions per channel sits at {@code (n C + c) P + p}.
 */
public final class NormalizationOps {

    private NormalizationOps() {
    }

    /** Per-channel mean and biased variance of a batch, over the m = N P values of each channel. */
    public record Statistics(float[] mean, float[] variance, int count) {
    }

    /** The per-channel batch statistics of x [N, C] or [N, C, H, W]. */
    public static Statistics statistics(Tensor x) {
        Layout l = Layout.of("batch statistics", x);
        Tensor v = x.contiguous();
        float[] mean = new float[l.channels];
        float[] variance = new float[l.channels];
        ParallelRanges.run(l.channels, ParallelRanges.itemsPerGrain(l.count()), (first, count) -> {
            for (int c = first; c < first + count; c++) {
                double sum = 0;
                for (int n = 0; n < l.examples; n++) {
                    for (int p = 0, i = l.index(n, c); p < l.positions; p++) {
                        sum += v.data()[v.offset() + i + p];
                    }
                }
                double mu = sum / l.count();
                double squares = 0;
                for (int n = 0; n < l.examples; n++) {
                    for (int p = 0, i = l.index(n, c); p < l.positions; p++) {
                        double d = v.data()[v.offset() + i + p] - mu;
                        squares += d * d;
                    }
                }
                mean[c] = (float) mu;
                variance[c] = (float) (squares / l.count());
            }
        });
        return new Statistics(mean, variance, l.count());
    }

    /**
     * Batch normalisation in training (eq. 8.35-8.36 with a learned scale and shift):
     * {@code y = gamma (x - mu) / sqrt(sigma^2 + eps) + beta} with mu and sigma^2 the batch's own
     * per-channel statistics, so the gradient flows through them too:
     * {@code dx = gamma / (m sigma) (m dy - sum dy - xhat sum dy xhat)} per channel,
     * {@code dgamma = sum dy xhat}, {@code dbeta = sum dy}.
     *
     * @param batch the statistics of x, from {@link #statistics}
     */
    public static Variable batchNorm(Variable x, Variable gamma, Variable beta, Statistics batch, float eps) {
        Layout l = Layout.of("batchNorm", x.value());
        checkPerChannel(l, gamma, beta);
        Affine forward = Affine.of(l, x.value(), batch.mean(), batch.variance(), eps, gamma.value(), beta.value());
        Tensor g = forward.gamma();
        Tensor xhat = forward.xhat();
        float[] invStd = forward.invStd();
        return Ops.primitive("batchNorm", forward.y(), (dyIn, needed) -> {
            Tensor dy = dyIn.contiguous();
            double[] sumDy = l.channelSums(dy, null);
            double[] sumDyXhat = l.channelSums(dy, xhat);
            if (!needed[0]) {
                return new Tensor[] {null, toTensor(sumDyXhat), toTensor(sumDy)};
            }
            float m = l.count();
            Tensor dx = Tensor.zeros(dy.shape());
            ParallelRanges.run(l.channels, ParallelRanges.itemsPerGrain(l.count()), (first, count) -> {
                for (int c = first; c < first + count; c++) {
                    float scale = g.data()[g.offset() + c] * invStd[c] / m;
                    for (int n = 0; n < l.examples; n++) {
                        for (int p = 0, i = l.index(n, c); p < l.positions; p++) {
                            float d = dy.data()[dy.offset() + i + p];
                            dx.data()[i + p] = scale * (m * d - (float) sumDy[c] - xhat.data()[i + p] * (float) sumDyXhat[c]);
                        }
                    }
                }
            });
            return new Tensor[] {dx, toTensor(sumDyXhat), toTensor(sumDy)};
        }, x, gamma, beta);
    }

    /**
     * Batch normalisation at inference: the same affine map with fixed statistics (the running
     * averages gathered in training), {@code y = gamma (x - mean) / sqrt(variance + eps) + beta}.
     */
    public static Variable batchNormInference(Variable x, Variable gamma, Variable beta, float[] mean, float[] variance, float eps) {
        Layout l = Layout.of("batchNorm", x.value());
        checkPerChannel(l, gamma, beta);
        Affine forward = Affine.of(l, x.value(), mean, variance, eps, gamma.value(), beta.value());
        Tensor g = forward.gamma();
        float[] invStd = forward.invStd();
        return Ops.primitive("batchNormInference", forward.y(), (dyIn, needed) -> {
            Tensor dy = dyIn.contiguous();
            Tensor dx = needed[0] ? l.apply(dy, (c, value) -> value * g.data()[g.offset() + c] * invStd[c]) : null;
            return new Tensor[] {dx, toTensor(l.channelSums(dy, forward.xhat())), toTensor(l.channelSums(dy, null))};
        }, x, gamma, beta);
    }

    /**
     * Local response normalisation across channels (Krizhevsky et al. 2012):
     * {@code b_c = a_c / (k + alpha sum_{c' in W(c)} a_c'^2)^beta} over the window W(c) of
     * {@code size} channels centred on c (clipped at the ends). With s_c the denominator's base,
     * {@code da_j = dy_j s_j^-beta - 2 alpha beta a_j sum_{c in W(j)} dy_c a_c s_c^(-beta-1)}.
     */
    public static Variable localResponseNorm(Variable x, int size, float alpha, float beta, float k) {
        Layout l = Layout.of("localResponseNorm", x.value());
        if (size < 1) {
            throw new IllegalArgumentException("local response normalisation window must be >= 1 channel, got " + size);
        }
        Tensor a = x.value().contiguous();
        float[] in = Arrays.copyOfRange(a.data(), a.offset(), a.offset() + a.size());
        float[] base = new float[in.length];           // s = k + alpha * windowed sum of squares
        int half = size / 2;
        for (int n = 0; n < l.examples; n++) {
            for (int c = 0; c < l.channels; c++) {
                int to = l.index(n, c);
                for (int w = Math.max(0, c - half); w <= Math.min(l.channels - 1, c + half); w++) {
                    int from = l.index(n, w);
                    for (int p = 0; p < l.positions; p++) {
                        base[to + p] += in[from + p] * in[from + p];
                    }
                }
                for (int p = 0; p < l.positions; p++) {
                    base[to + p] = k + alpha * base[to + p];
                }
            }
        }
        float[] scale = new float[in.length];           // s^-beta, reused by the backward rule
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            scale[i] = (float) Math.pow(base[i], -beta);
            out[i] = in[i] * scale[i];
        }
        return Ops.primitive("localResponseNorm", Tensor.of(out, a.shape()), (dyIn, needed) -> {
            Tensor dyDense = dyIn.contiguous();
            float[] dy = Arrays.copyOfRange(dyDense.data(), dyDense.offset(), dyDense.offset() + dyDense.size());
            float[] carried = new float[in.length];     // dy_c a_c s_c^(-beta-1)
            for (int i = 0; i < in.length; i++) {
                carried[i] = dy[i] * out[i] / base[i];
            }
            float[] dx = new float[in.length];
            for (int n = 0; n < l.examples; n++) {
                for (int j = 0; j < l.channels; j++) {
                    int at = l.index(n, j);
                    for (int p = 0; p < l.positions; p++) {
                        float windowed = 0f;
                        for (int c = Math.max(0, j - half); c <= Math.min(l.channels - 1, j + half); c++) {
                            windowed += carried[l.index(n, c) + p];
                        }
                        dx[at + p] = dy[at + p] * scale[at + p] - 2f * alpha * beta * in[at + p] * windowed;
                    }
                }
            }
            return new Tensor[] {Tensor.of(dx, a.shape())};
        }, x);
    }

    /**
     * The shared forward of both batch-norm modes: 1 / sqrt(variance + eps) per channel, the
     * standardised xhat = (x - mean) invStd and y = gamma xhat + beta, with gamma dense.
     */
    private record Affine(float[] invStd, Tensor xhat, Tensor y, Tensor gamma) {
        static Affine of(Layout l, Tensor x, float[] mean, float[] variance, float eps, Tensor gamma, Tensor beta) {
            float[] invStd = new float[l.channels];
            for (int c = 0; c < l.channels; c++) {
                invStd[c] = (float) (1.0 / Math.sqrt(variance[c] + eps));
            }
            Tensor xhat = l.apply(x.contiguous(), (c, value) -> (value - mean[c]) * invStd[c]);
            Tensor g = gamma.contiguous();
            Tensor b = beta.contiguous();
            Tensor y = l.apply(xhat, (c, value) -> g.data()[g.offset() + c] * value + b.data()[b.offset() + c]);
            return new Affine(invStd, xhat, y, g);
        }
    }

    private static void checkPerChannel(Layout l, Variable gamma, Variable beta) {
        for (Variable v : new Variable[] {gamma, beta}) {
            if (v.value().rank() != 1 || v.value().dim(0) != l.channels) {
                throw new ShapeException("batchNorm: scale/shift " + Arrays.toString(v.value().shape()) + "; expected ["
                        + l.channels + "]");
            }
        }
    }

    private static Tensor toTensor(double[] values) {
        Tensor t = Tensor.zeros(values.length);
        for (int i = 0; i < values.length; i++) {
            t.data()[i] = (float) values[i];
        }
        return t;
    }

    /** A per-channel elementwise map. */
    @FunctionalInterface
    private interface ChannelMap {
        float apply(int channel, float value);
    }

    /** N examples, C channels, P positions per channel, of a dense batch. */
    private record Layout(int examples, int channels, int positions) {

        static Layout of(String op, Tensor x) {
            if (x.rank() != 2 && x.rank() != 4) {
                throw new ShapeException(op + ": input " + Arrays.toString(x.shape()) + "; expected [N, C] or [N, C, H, W]");
            }
            return new Layout(x.dim(0), x.dim(1), x.rank() == 4 ? x.dim(2) * x.dim(3) : 1);
        }

        int count() {
            return examples * positions;
        }

        int index(int n, int c) {
            return (n * channels + c) * positions;
        }

        /** f applied to every element of a dense x, as a new tensor of x's shape. */
        Tensor apply(Tensor x, ChannelMap f) {
            Tensor y = Tensor.zeros(x.shape());
            ParallelRanges.run(examples, ParallelRanges.itemsPerGrain(channels * positions), (first, count) -> {
                for (int n = first; n < first + count; n++) {
                    for (int c = 0; c < channels; c++) {
                        for (int p = 0, i = index(n, c); p < positions; p++) {
                            y.data()[i + p] = f.apply(c, x.data()[x.offset() + i + p]);
                        }
                    }
                }
            });
            return y;
        }

        /** Per-channel sums of x, or of x times a dense y of the same shape. */
        double[] channelSums(Tensor x, Tensor y) {
            double[] sums = new double[channels];
            ParallelRanges.run(channels, ParallelRanges.itemsPerGrain(count()), (first, count) -> {
                for (int c = first; c < first + count; c++) {
                    for (int n = 0; n < examples; n++) {   // each channel in example order, whichever thread has it
                        double s = 0;
                        for (int p = 0, i = index(n, c); p < positions; p++) {
                            float v = x.data()[x.offset() + i + p];
                            s += y == null ? v : (double) v * y.data()[y.offset() + i + p];
                        }
                        sums[c] += s;
                    }
                }
            });
            return sums;
        }
    }
}
