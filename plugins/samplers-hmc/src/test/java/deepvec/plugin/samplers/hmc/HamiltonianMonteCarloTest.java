package deepvec.plugin.samplers.hmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.spi.PluginRegistry;
import deepvec.probabilistic.mcmc.Chain;
import deepvec.probabilistic.mcmc.LogDensity;
import deepvec.probabilistic.mcmc.RandomWalkMetropolis;
import deepvec.probabilistic.spi.SamplerProvider;
import deepvec.simd.random.Rng;
import org.junit.jupiter.api.Test;

class HamiltonianMonteCarloTest {

    @Test
    void onAHundredDimensionalCorrelatedGaussianTheMomentsAreTheKnownOnes() {
        int d = 100;
        double rho = 0.8;
        Chain chain = new HamiltonianMonteCarlo(0.1, 20, 0.1, 0.8, true).sample(Targets.correlatedGaussian(d, rho), new double[d],
                500, 2_000, Rng.seeded(1));
        double[] mean = chain.mean();
        double[][] cov = chain.covariance();
        double[] ess = chain.effectiveSampleSizes();
        for (int i = 0; i < d; i++) {
            assertEquals(0, mean[i], 5 / Math.sqrt(ess[i]), "mean " + i + ", ESS " + ess[i]);
            assertEquals(1, cov[i][i], 0.2, "variance " + i);
            if (i + 1 < d) {
                assertEquals(rho, cov[i][i + 1], 0.2, "covariance " + i + "," + (i + 1));
            }
        }
        assertTrue(chain.acceptanceRate() > 0.6, "adapted acceptance " + chain.acceptanceRate());
    }

    @Test
    void perDensityEvaluationItMixesFarBetterThanRandomWalkMetropolis() {
        // the same budget of log-density evaluations: HMC's gradient-guided moves against the random walk's
        int d = 100;
        LogDensity target = Targets.correlatedGaussian(d, 0.8);
        Chain hmc = new HamiltonianMonteCarlo(0.1, 20, 0.1, 0.8, true).sample(target, new double[d], 200, 1_000, Rng.seeded(2));
        Chain rwm = new RandomWalkMetropolis().sample(target, new double[d], 20_000, 20_000, Rng.seeded(2));
        double hmcPerEvaluation = hmc.minEffectiveSampleSize() / hmc.densityEvaluations();
        double rwmPerEvaluation = rwm.minEffectiveSampleSize() / rwm.densityEvaluations();
        assertTrue(hmcPerEvaluation > 10 * rwmPerEvaluation, "acceptance " + hmc.acceptanceRate() + " and " + rwm.acceptanceRate() + ", HMC " + hmcPerEvaluation + " vs RWM " + rwmPerEvaluation
                + " effective samples per evaluation");
    }

    @Test
    void onTheBananaTheMeansAndVariancesAreTheKnownOnes() {
        double b = 0.03;          // Var x2 = 1 + 2e4 b^2 = 19
        Chain chain = new HamiltonianMonteCarlo(0.5, 30, 0.2, 0.8, true).sample(Targets.banana(b), new double[2], 1_000, 20_000,
                Rng.seeded(3));
        double[] mean = chain.mean();
        double[][] cov = chain.covariance();
        double[] ess = chain.effectiveSampleSizes();
        assertEquals(0, mean[0], 5 * Math.sqrt(100 / ess[0]), "E x1, ESS " + ess[0]);
        assertEquals(0, mean[1], 5 * Math.sqrt(19 / ess[1]), "E x2, ESS " + ess[1]);
        assertEquals(100, cov[0][0], 15, "Var x1");
        assertEquals(19, cov[1][1], 5, "Var x2");
    }

    @Test
    void sliceSamplingFindsTheBananasMeansToo() {
        Chain chain = new SliceSampler(5, 50).sample(Targets.banana(0.03), new double[2], 500, 20_000, Rng.seeded(4));
        double[] ess = chain.effectiveSampleSizes();
        assertEquals(0, chain.mean()[0], 5 * Math.sqrt(100 / ess[0]), "E x1, ESS " + ess[0]);
        assertEquals(0, chain.mean()[1], 5 * Math.sqrt(19 / ess[1]), "E x2, ESS " + ess[1]);
    }

    @Test
    void bothSamplersAreFoundThroughTheSamplerSpiAndRefuseBadSettings() {
        PluginRegistry registry = PluginRegistry.standard();
        assertTrue(registry.providers(SamplerProvider.class).keySet().containsAll(java.util.List.of("metropolis", "hmc", "slice")));
        assertThrows(IllegalArgumentException.class, () -> new HamiltonianMonteCarlo(-1, 10, 0, 0.8, true));
        assertThrows(IllegalArgumentException.class, () -> new SliceSampler(0, 10));
    }
}
