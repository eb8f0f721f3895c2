package deepvec.probabilistic.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.Ops;
import deepvec.nn.spi.PluginRegistry;
import deepvec.nn.spi.Settings;
import deepvec.probabilistic.spi.SamplerProvider;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import org.junit.jupiter.api.Test;

class RandomWalkMetropolisTest {

    /** log N(x; mu, Sigma) up to a constant for Sigma = [[1, 0.8], [0.8, 1]], as an autograd expression. */
    static final double[] MEAN = {1.0, -2.0};
    static final double[][] COVARIANCE = {{1.0, 0.8}, {0.8, 1.0}};

    static LogDensity correlatedGaussian() {
        double det = 1 - 0.64;
        Tensor precision = Tensor.of(new float[] {(float) (1 / det), (float) (-0.8 / det), (float) (-0.8 / det), (float) (1 / det)}, 2, 2);
        Tensor mean = Tensor.of(new float[] {1f, -2f}, 1, 2);
        return LogDensity.of(2, x -> {
            var centred = Ops.sub(x, deepvec.nn.autograd.Variable.constant(mean));
            var projected = Ops.matmul(centred, deepvec.nn.autograd.Variable.constant(precision));
            return Ops.scale(Ops.sum(Ops.mul(projected, centred)), -0.5f);
        });
    }

    @Test
    void theAutogradLogDensityAndItsGradientAreTheClosedForms() {
        LogDensity target = correlatedGaussian();
        double[] x = {0.3, 0.1};
        double[] gradient = new double[2];
        double value = target.logDensityAndGradient(x, gradient);
        double d0 = x[0] - 1;
        double d1 = x[1] + 2;
        double det = 0.36;
        double g0 = -(d0 - 0.8 * d1) / det;
        double g1 = -(d1 - 0.8 * d0) / det;
        assertEquals(-0.5 * (d0 * d0 - 1.6 * d0 * d1 + d1 * d1) / det, value, 1e-5);
        assertEquals(value, target.logDensity(x), 0);
        assertArrayEquals(new double[] {g0, g1}, gradient, 1e-5);
    }

    @Test
    void theChainHasTheTargetsMomentsAndTheSameSeedGivesTheSameChain() {
        Chain chain = new RandomWalkMetropolis(1.0).sample(correlatedGaussian(), new double[] {0, 0}, 2_000, 60_000, Rng.seeded(7));
        double[] mean = chain.mean();
        double[][] cov = chain.covariance();
        double ess = chain.minEffectiveSampleSize();
        for (int i = 0; i < 2; i++) {
            assertEquals(MEAN[i], mean[i], 5 / Math.sqrt(ess), "mean " + i);      // five standard errors
            for (int j = 0; j < 2; j++) {
                assertEquals(COVARIANCE[i][j], cov[i][j], 0.08, "covariance " + i + "," + j);
            }
        }
        assertTrue(chain.acceptanceRate() > 0.2 && chain.acceptanceRate() < 0.8, "acceptance " + chain.acceptanceRate());
        Chain again = new RandomWalkMetropolis(1.0).sample(correlatedGaussian(), new double[] {0, 0}, 2_000, 60_000, Rng.seeded(7));
        assertArrayEquals(chain.samples()[59_999], again.samples()[59_999], 0);
    }

    @Test
    void itIsRegisteredThroughTheSamplerSpi() throws java.io.IOException {
        java.nio.file.Path classes = java.nio.file.Path.of(SamplerProvider.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        assertEquals(java.util.List.of(), deepvec.nn.spi.ServiceDeclarations.mismatches(classes),
                "module-info and META-INF/services declare the same samplers");
        SamplerProvider provider = PluginRegistry.standard().provider(SamplerProvider.class, "metropolis");
        assertTrue(PluginRegistry.standard().isOwn(provider));
        assertTrue(provider.create(new Settings(java.util.Map.of("scale", 0.5))) instanceof RandomWalkMetropolis);
        assertThrows(IllegalArgumentException.class, () -> provider.create(new Settings(java.util.Map.of("scale", -1))));
    }

    @Test
    void aBadStartIsRefused() {
        LogDensity target = correlatedGaussian();
        assertThrows(IllegalArgumentException.class, () -> new RandomWalkMetropolis().sample(target, new double[3], 0, 10, Rng.seeded(1)));
        LogDensity halfLine = LogDensity.of(1, x -> Ops.log(x));
        assertThrows(IllegalArgumentException.class, () -> new RandomWalkMetropolis().sample(halfLine, new double[] {-1}, 0, 10,
                Rng.seeded(1)));
    }
}
