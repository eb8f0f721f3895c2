package deepvec.probabilistic.distribution;

import deepvec.simd.Elementwise;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;

/**
 * A Gaussian with diagonal covariance, {@code N(x; mu, diag(sigma^2))} (Deep Learning eq. 3.23
 * with Sigma diagonal): d independent normal components. With d = 1 it is the univariate
 * normal of eq. 3.21; {@link #univariate(float, float)} builds that case.
 */
public final class DiagonalGaussian implements Distribution {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final float[] mean;
    private final float[] std;

    private DiagonalGaussian(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * d independent normals.
     *
     * @throws ShapeException if mean and std differ in length
     * @throws IllegalArgumentException if a standard deviation is not positive
     */
    public static DiagonalGaussian of(Tensor mean, Tensor std) {
        float[] mu = Events.vector("Gaussian mean", mean);
        float[] sigma = Events.vector("Gaussian standard deviation", std);
        if (mu.length != sigma.length) {
            throw new ShapeException("Gaussian: mean has " + mu.length + " components but std has " + sigma.length);
        }
        for (int i = 0; i < sigma.length; i++) {
            if (!(sigma[i] > 0f)) {
                throw new IllegalArgumentException("Gaussian standard deviation " + i + " is " + sigma[i] + "; expected > 0");
            }
        }
        return new DiagonalGaussian(mu, sigma);
    }

    /** The univariate normal N(mean, std^2). */
    public static DiagonalGaussian univariate(float mean, float std) {
        return of(Tensor.of(new float[] {mean}, 1), Tensor.of(new float[] {std}, 1));
    }

    @Override
    public int dimension() {
        return mean.length;
    }

    /** Draws mu + sigma * z with z from the vectorised Box-Muller stream. */
    @Override
    public Tensor sample(Rng rng, int n) {
        Events.requireSampleCount(n);
        Tensor z = rng.normal(0f, 1f, n, mean.length);
        return Elementwise.fma(z, Tensor.of(std.clone(), std.length), Tensor.of(mean.clone(), mean.length));
    }

    @Override
    public Tensor logProb(Tensor x) {
        int d = mean.length;
        Tensor batch = Events.batch("Gaussian", x, d);
        Tensor z = Elementwise.div(Elementwise.sub(batch, Tensor.of(mean.clone(), d)), Tensor.of(std.clone(), d));
        double constant = 0;
        for (float s : std) {
            constant += Math.log(s) + 0.5 * LOG_2PI;
        }
        float[] zs = z.data();
        float[] out = new float[batch.dim(0)];
        for (int row = 0; row < out.length; row++) {
            double q = 0;
            for (int i = 0; i < d; i++) {
                double v = zs[row * d + i];
                q += v * v;
            }
            out[row] = (float) (-0.5 * q - constant);
        }
        return Tensor.of(out, out.length);
    }

    @Override
    public Tensor mean() {
        return Tensor.of(mean.clone(), mean.length);
    }

    @Override
    public Tensor variance() {
        float[] v = new float[std.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = std[i] * std[i];
        }
        return Tensor.of(v, v.length);
    }

    /** sum_i (1/2) log(2 pi e sigma_i^2). */
    @Override
    public double entropy() {
        double h = 0;
        for (float s : std) {
            h += 0.5 * (LOG_2PI + 1) + Math.log(s);
        }
        return h;
    }

    /**
     * KL(this || other) = sum_i log(s_q/s_p) + (s_p^2 + (mu_p - mu_q)^2) / (2 s_q^2) - 1/2,
     * the closed form for Gaussians (the regulariser of a VAE).
     */
    public double klDivergence(DiagonalGaussian other) {
        if (other.mean.length != mean.length) {
            throw new ShapeException("KL between Gaussians of dimension " + mean.length + " and " + other.mean.length);
        }
        double kl = 0;
        for (int i = 0; i < mean.length; i++) {
            double sp = std[i];
            double sq = other.std[i];
            double dm = mean[i] - (double) other.mean[i];
            kl += Math.log(sq / sp) + (sp * sp + dm * dm) / (2 * sq * sq) - 0.5;
        }
        return kl;
    }
}
