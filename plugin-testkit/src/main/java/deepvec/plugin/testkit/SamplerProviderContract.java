package deepvec.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.spi.Settings;
import deepvec.probabilistic.mcmc.Chain;
import deepvec.probabilistic.mcmc.LogDensity;
import deepvec.probabilistic.mcmc.Sampler;
import deepvec.probabilistic.spi.SamplerProvider;
import deepvec.simd.Tensor;
import deepvec.simd.linalg.Cholesky;
import deepvec.simd.linalg.Matrix;
import deepvec.simd.random.Rng;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The checks a sampler plugin passes, as a JUnit base class: extend it and return your provider
 * (and, if its defaults do not suit a 3-dimensional Gaussian, the settings to use).
 *
 * Checked: declarations and self-description as for every provider; invariance, by running the
 * chain on a correlated Gaussian N(mu, Sigma) with known moments and requiring its mean within
 * five Monte Carlo standard errors (from the effective sample size) and its covariance within
 * 0.15 of Sigma; and seeded determinism, the same seed giving the same chain bit for bit.
 */
public abstract class SamplerProviderContract {

    private static final double[] MEAN = {0.5, -1.0, 2.0};
    private static final double[][] COVARIANCE = {{1.0, 0.6, 0.0}, {0.6, 1.0, 0.3}, {0.0, 0.3, 0.5}};

    /** The provider under test. */
    protected abstract SamplerProvider provider();

    /** The settings the sampler is created with (default: none, its defaults). */
    protected Settings settings() {
        return Settings.NONE;
    }

    /** States kept per chain on the Gaussian (default 20,000). */
    protected int chainLength() {
        return 20_000;
    }

    @Test
    void isDeclaredInModuleInfoAndMetaInfServices() throws IOException {
        Declarations.check(SamplerProvider.class, provider());
    }

    @Test
    void describesItself() {
        Declarations.describesItself(SamplerProvider.class, provider(), SamplerProvider.SPI_VERSION);
    }

    @Test
    void leavesAGaussianWithKnownMomentsInvariant() {
        Chain chain = sampler().sample(gaussian(), new double[3], 1_000, chainLength(), Rng.seeded(11));
        double[] mean = chain.mean();
        double[] ess = chain.effectiveSampleSizes();
        double[][] cov = chain.covariance();
        for (int i = 0; i < 3; i++) {
            double standardError = Math.sqrt(COVARIANCE[i][i] / ess[i]);
            assertEquals(MEAN[i], mean[i], 5 * standardError, "mean of coordinate " + i + " (ESS " + ess[i] + ")");
            for (int j = 0; j < 3; j++) {
                assertEquals(COVARIANCE[i][j], cov[i][j], 0.15, "covariance " + i + "," + j);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameChain() {
        Chain a = sampler().sample(gaussian(), new double[3], 10, 500, Rng.seeded(12));
        Chain b = sampler().sample(gaussian(), new double[3], 10, 500, Rng.seeded(12));
        for (int t = 0; t < a.length(); t++) {
            assertArrayEquals(a.samples()[t], b.samples()[t], 0, "state " + t);
        }
    }

    private Sampler sampler() {
        return provider().create(settings());
    }

    /** log N(x; mu, Sigma) up to a constant, as an autograd expression: -(x - mu)' P (x - mu) / 2 with P = Sigma^-1. */
    static LogDensity gaussian() {
        double[] p = Cholesky.of(Matrix.ofRows(COVARIANCE)).solve(Matrix.identity(3)).toArray();
        float[] precision = new float[9];
        for (int i = 0; i < 9; i++) {
            precision[i] = (float) p[i];
        }
        Variable mu = Variable.constant(Tensor.of(new float[] {(float) MEAN[0], (float) MEAN[1], (float) MEAN[2]}, 1, 3));
        Variable pMatrix = Variable.constant(Tensor.of(precision, 3, 3));
        return LogDensity.of(3, x -> {
            Variable centred = Ops.sub(x, mu);
            return Ops.scale(Ops.sum(Ops.mul(Ops.matmul(centred, pMatrix), centred)), -0.5f);
        });
    }
}
