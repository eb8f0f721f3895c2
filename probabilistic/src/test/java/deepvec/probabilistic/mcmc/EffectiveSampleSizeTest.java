package deepvec.probabilistic.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import deepvec.simd.random.Rng;
import org.junit.jupiter.api.Test;

class EffectiveSampleSizeTest {

    @Test
    void fftAutocorrelationsEqualTheDirectSums() {
        Rng rng = Rng.seeded(3);
        double[] x = new double[301];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian() + (i > 0 ? 0.5 * x[i - 1] : 0);
        }
        double mean = java.util.Arrays.stream(x).average().orElseThrow();
        double[] rho = EffectiveSampleSize.autocorrelations(x);
        double c0 = 0;
        for (double v : x) {
            c0 += (v - mean) * (v - mean);
        }
        for (int t : new int[] {0, 1, 2, 7, 150, 300}) {
            double ct = 0;
            for (int i = 0; i + t < x.length; i++) {
                ct += (x[i] - mean) * (x[i + t] - mean);
            }
            assertEquals(ct / c0, rho[t], 1e-12, "lag " + t);
        }
    }

    @Test
    void anAutoregressiveChainHasTheKnownIntegratedAutocorrelationTime() {
        // AR(1) x_t = phi x_{t-1} + e_t has rho_t = phi^t, so n_eff = n (1 - phi) / (1 + phi)
        Rng rng = Rng.seeded(5);
        int n = 200_000;
        for (double phi : new double[] {0.0, 0.5, 0.9}) {
            double[] x = new double[n];
            for (int i = 1; i < n; i++) {
                x[i] = phi * x[i - 1] + rng.nextGaussian();
            }
            double expected = n * (1 - phi) / (1 + phi);
            assertEquals(expected, EffectiveSampleSize.of(x), 0.06 * expected, "phi " + phi);
        }
    }

    @Test
    void tooShortAChainIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EffectiveSampleSize.of(new double[3]));
        assertEquals(10, EffectiveSampleSize.of(new double[10]), "a constant chain");
    }
}
