package deepvec.probabilistic.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.simd.Reduce;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import org.junit.jupiter.api.Test;

/** Closed forms checked against direct formulas, sample statistics and Monte Carlo estimates. */
class DistributionTest {

    private static Tensor vec(float... v) {
        return Tensor.of(v, v.length);
    }

    @Test
    void bernoulliLogProbEntropyAndSampling() {
        Bernoulli b = Bernoulli.ofProbabilities(vec(0.2f, 0.9f, 0.5f));
        Tensor x = Tensor.of(new float[] {1, 0, 1, 0, 1, 0}, 2, 3);
        float[] lp = b.logProb(x).toArray();
        assertEquals(Math.log(0.2) + Math.log(0.1) + Math.log(0.5), lp[0], 1e-5);
        assertEquals(Math.log(0.8) + Math.log(0.9) + Math.log(0.5), lp[1], 1e-5);
        double h = -(0.2 * Math.log(0.2) + 0.8 * Math.log(0.8)) - (0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)) + Math.log(2);
        assertEquals(h, b.entropy(), 1e-6);
        Tensor s = b.sample(Rng.seeded(1), 100_000);
        float[] freq = Reduce.mean(s, 0, false).toArray();
        assertArrayEquals(new float[] {0.2f, 0.9f, 0.5f}, freq, 0.006f);
        assertArrayEquals(new float[] {0.16f, 0.09f, 0.25f}, b.variance().toArray(), 1e-6f);
    }

    @Test
    void bernoulliFromLogitsIsStableAtTheExtremes() {
        Bernoulli sure = Bernoulli.ofLogits(vec(40f, -40f));
        float lp = sure.logProb(Tensor.of(new float[] {0, 1}, 1, 2)).get(0);
        assertEquals(-80f, lp, 1e-3);                                  // log sigmoid(-40) twice, no -inf
        Bernoulli exact = Bernoulli.ofProbabilities(vec(0f, 1f));
        assertEquals(0.0, exact.entropy(), 0);
        assertEquals(Float.NEGATIVE_INFINITY, exact.logProb(Tensor.of(new float[] {1, 1}, 1, 2)).get(0));
        assertThrows(IllegalArgumentException.class, () -> Bernoulli.ofProbabilities(vec(1.2f)));
        assertThrows(IllegalArgumentException.class, () -> exact.logProb(Tensor.of(new float[] {0.5f, 1}, 1, 2)));
        assertThrows(ShapeException.class, () -> exact.logProb(Tensor.zeros(2, 3)));
    }

    @Test
    void categoricalSamplingFollowsTheProbabilities() {
        Categorical c = Categorical.ofProbabilities(vec(0.1f, 0.0f, 0.6f, 0.3f));
        float[] draws = c.sample(Rng.seeded(2), 200_000).toArray();
        double[] counts = new double[4];
        for (float d : draws) {
            counts[(int) d]++;
        }
        double[] p = {0.1, 0.0, 0.6, 0.3};
        double chi2 = 0;
        for (int j = 0; j < 4; j++) {
            if (p[j] == 0) {
                assertEquals(0, counts[j]);
                continue;
            }
            double expected = p[j] * draws.length;
            chi2 += (counts[j] - expected) * (counts[j] - expected) / expected;
        }
        assertTrue(chi2 < 13.8, "chi-square " + chi2 + " above the 0.1% critical value for 2 degrees of freedom");
        assertEquals(Math.log(0.6), c.logProb(Tensor.of(new float[] {2}, 1, 1)).get(0), 1e-6);
        assertEquals(-(0.1 * Math.log(0.1) + 0.6 * Math.log(0.6) + 0.3 * Math.log(0.3)), c.entropy(), 1e-6);
        assertEquals(0.6 * 2 + 0.3 * 3, c.mean().get(0), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> c.logProb(Tensor.of(new float[] {4}, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> Categorical.ofProbabilities(vec(0.5f, 0.6f)));
    }

    @Test
    void categoricalFromLogitsMatchesSoftmax() {
        Categorical c = Categorical.ofLogits(vec(1f, 2f, 3f));
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertArrayEquals(new float[] {(float) (Math.exp(1) / z), (float) (Math.exp(2) / z), (float) (Math.exp(3) / z)},
                c.probabilities().toArray(), 1e-6f);
        Categorical uniform = Categorical.ofLogits(vec(0f, 0f, 0f));
        assertEquals(Math.log(3), uniform.entropy(), 1e-6);
        assertEquals(Math.log(3) - c.entropy(), c.klDivergence(uniform), 1e-6);   // KL to uniform = log k - H
    }

    @Test
    void gaussianDensityEntropyAndSampling() {
        DiagonalGaussian g = DiagonalGaussian.of(vec(1f, -2f), vec(0.5f, 3f));
        Tensor x = Tensor.of(new float[] {1.5f, 1f}, 1, 2);
        double expected = -0.5 * (1 + 1) - Math.log(0.5) - Math.log(3) - Math.log(2 * Math.PI);
        assertEquals(expected, g.logProb(x).get(0), 1e-5);
        assertEquals(Math.log(0.5 * 3) + (1 + Math.log(2 * Math.PI)), g.entropy(), 1e-6);
        Tensor s = g.sample(Rng.seeded(3), 200_000);
        assertArrayEquals(new float[] {1f, -2f}, Reduce.mean(s, 0, false).toArray(), 0.02f);
        float[] variance = Reduce.variance(s, 0, 1, false).toArray();
        assertEquals(0.25f, variance[0], 0.005f);                        // ~6 standard errors
        assertEquals(9f, variance[1], 0.17f);
        double mcEntropy = -Reduce.mean(g.logProb(s));                 // H = -E[log p]
        assertEquals(g.entropy(), mcEntropy, 0.01);
        assertThrows(IllegalArgumentException.class, () -> DiagonalGaussian.univariate(0f, 0f));
        assertThrows(ShapeException.class, () -> DiagonalGaussian.of(vec(1f), vec(1f, 2f)));
    }

    @Test
    void klDivergencesMatchMonteCarloEstimates() {
        DiagonalGaussian p = DiagonalGaussian.of(vec(0f, 1f), vec(1f, 0.5f));
        DiagonalGaussian q = DiagonalGaussian.of(vec(0.5f, 0f), vec(2f, 1f));
        Tensor s = p.sample(Rng.seeded(4), 400_000);
        double mc = Reduce.mean(p.logProb(s)) - Reduce.mean(q.logProb(s));      // E_p[log p - log q]
        assertEquals(p.klDivergence(q), mc, 0.01);
        assertEquals(0.0, p.klDivergence(p), 1e-12);
        DiagonalGaussian std = DiagonalGaussian.univariate(0f, 1f);
        DiagonalGaussian shifted = DiagonalGaussian.univariate(2f, 1f);
        assertEquals(2.0, shifted.klDivergence(std), 1e-6);                     // (mu^2)/2

        Bernoulli bp = Bernoulli.ofProbabilities(vec(0.3f));
        Bernoulli bq = Bernoulli.ofProbabilities(vec(0.6f));
        assertEquals(0.3 * Math.log(0.3 / 0.6) + 0.7 * Math.log(0.7 / 0.4), bp.klDivergence(bq), 1e-6);
        assertEquals(Double.POSITIVE_INFINITY, bp.klDivergence(Bernoulli.ofProbabilities(vec(0f))));
    }
}
