package deepvec.nn.autograd;

import deepvec.simd.Elementwise;
import deepvec.simd.PerChannel;
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
        PerChannel l = PerChannel.of("batch statistics", x);
        float[] mean = new float[l.channels()];
        float[] variance = new float[l.channels()];
        l.statistics(x, mean, variance);
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
        PerChannel l = PerChannel.of("batchNorm", x.value());
        checkPerChannel(l, gamma, beta);
        Affine forward = Affine.of(l, x.value(), batch.mean(), batch.variance(), eps, gamma.value(), beta.value());
        float[] g = forward.gamma();
        Tensor xhat = forward.xhat();
        float[] invStd = forward.invStd();
        return Ops.primitive("batchNorm", forward.y(), (dyIn, needed) -> {
            double[] sumDy = l.sums(dyIn, null);
            double[] sumDyXhat = l.sums(dyIn, xhat);
            if (!needed[0]) {
                return new Tensor[] {null, toTensor(sumDyXhat), toTensor(sumDy)};
            }
            // dx = (gamma invStd) dy + (-gamma invStd sum(dy xhat) / m) xhat + (-gamma invStd sum(dy) / m)
            int channels = l.channels();
            float[] onDy = new float[channels];
            float[] onXhat = new float[channels];
            float[] constant = new float[channels];
            for (int c = 0; c < channels; c++) {
                float scale = g[c] * invStd[c];
                onDy[c] = scale;
                onXhat[c] = (float) (-scale * sumDyXhat[c] / l.count());
                constant[c] = (float) (-scale * sumDy[c] / l.count());
            }
            return new Tensor[] {l.combine(onDy, dyIn, onXhat, xhat, constant), toTensor(sumDyXhat), toTensor(sumDy)};
        }, x, gamma, beta);
    }

    /**
     * Batch normalisation at inference: the same affine map with fixed statistics (the running
     * averages gathered in training), {@code y = gamma (x - mean) / sqrt(variance + eps) + beta}.
     */
    public static Variable batchNormInference(Variable x, Variable gamma, Variable beta, float[] mean, float[] variance, float eps) {
        PerChannel l = PerChannel.of("batchNorm", x.value());
        checkPerChannel(l, gamma, beta);
        Affine forward = Affine.of(l, x.value(), mean, variance, eps, gamma.value(), beta.value());
        float[] g = forward.gamma();
        float[] invStd = forward.invStd();
        return Ops.primitive("batchNormInference", forward.y(), (dyIn, needed) -> {
            Tensor dx = null;
            if (needed[0]) {
                float[] scale = new float[l.channels()];
                for (int c = 0; c < scale.length; c++) {
                    scale[c] = g[c] * invStd[c];
                }
                dx = l.affine(dyIn, scale, new float[l.channels()]);
            }
            return new Tensor[] {dx, toTensor(l.sums(dyIn, forward.xhat())), toTensor(l.sums(dyIn, null))};
        }, x, gamma, beta);
    }

    /**
     * Local response normalisation across channels (Krizhevsky et al. 2012):
     * {@code b_c = a_c / (k + alpha sum_{c' in W(c)} a_c'^2)^beta} over the window W(c) of
     * {@code size} channels centred on c (clipped at the ends). With s_c the denominator's base,
     * {@code da_j = dy_j s_j^-beta - 2 alpha beta a_j sum_{c in W(j)} dy_c a_c s_c^(-beta-1)}.
     */
    public static Variable localResponseNorm(Variable x, int size, float alpha, float beta, float k) {
        PerChannel l = PerChannel.of("localResponseNorm", x.value());
        if (size < 1) {
            throw new IllegalArgumentException("local response normalisation window must be >= 1 channel, got " + size);
        }
        Tensor a = x.value().contiguous();
        Tensor base = Elementwise.add(Elementwise.scale(l.windowSums(Elementwise.mul(a, a), size), alpha), k);   // s
        Tensor scale = Elementwise.exp(Elementwise.scale(Elementwise.log(base), -beta));                          // s^-beta
        Tensor out = Elementwise.mul(a, scale);
        return Ops.primitive("localResponseNorm", out, (dyIn, needed) -> {
            Tensor dy = dyIn.contiguous();
            Tensor carried = Elementwise.div(Elementwise.mul(dy, out), base);          // dy_c a_c s_c^(-beta-1)
            Tensor windowed = l.windowSums(carried, size);
            return new Tensor[] {Elementwise.fma(Elementwise.scale(a, -2f * alpha * beta), windowed, Elementwise.mul(dy, scale))};
        }, x);
    }

    /**
     * The shared forward of both batch-norm modes: 1 / sqrt(variance + eps) per channel, the
     * standardised xhat = (x - mean) invStd and y = gamma xhat + beta, with gamma's values.
     */
    private record Affine(float[] invStd, Tensor xhat, Tensor y, float[] gamma) {
        static Affine of(PerChannel l, Tensor x, float[] mean, float[] variance, float eps, Tensor gamma, Tensor beta) {
            float[] invStd = new float[l.channels()];
            for (int c = 0; c < invStd.length; c++) {
                invStd[c] = (float) (1.0 / Math.sqrt(variance[c] + eps));
            }
            Tensor xhat = l.standardize(x, mean, invStd);
            float[] g = gamma.contiguous().toArray();
            Tensor y = l.affine(xhat, g, beta.contiguous().toArray());
            return new Affine(invStd, xhat, y, g);
        }
    }

    private static void checkPerChannel(PerChannel l, Variable gamma, Variable beta) {
        for (Variable v : new Variable[] {gamma, beta}) {
            if (v.value().rank() != 1 || v.value().dim(0) != l.channels()) {
                throw new ShapeException("batchNorm: scale/shift " + Arrays.toString(v.value().shape()) + "; expected ["
                        + l.channels() + "]");
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
}
