package deepvec.simd.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.simd.ComputePool;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void sameSeedSameStreamWhateverTheThreadCount() {
        int n = 1_000_003;
        float[] one;
        try (ComputePool single = ComputePool.ofThreads(1)) {
            one = single.call(() -> fill(n));
        }
        for (int threads : new int[] {2, 3, 7}) {
            try (ComputePool pool = ComputePool.ofThreads(threads)) {
                assertArrayEquals(one, pool.call(() -> fill(n)), "threads=" + threads);
            }
        }
    }

    private static float[] fill(int n) {
        Rng rng = Rng.seeded(2024);
        float[] y = new float[3 * n];
        rng.uniform(y, 0, n);
        rng.normal(0f, 1f, y, n, n);
        rng.bernoulli(0.25f, y, 2 * n, n);
        return y;
    }

    @Test
    void consecutiveFillsContinueTheStream() {
        Rng whole = Rng.seeded(5);
        float[] all = new float[100];
        whole.uniform(all, 0, 100);
        Rng parts = Rng.seeded(5);
        float[] pieces = new float[100];
        parts.uniform(pieces, 0, 40);
        parts.uniform(pieces, 40, 60);
        assertArrayEquals(all, pieces);
        assertFalse(Arrays.equals(all, Rng.seeded(6).uniform(0f, 1f, 100).toArray()));
    }

    @Test
    void uniformPassesKolmogorovSmirnov() {
        float[] u = Rng.seeded(11).uniform(0f, 1f, 200_000).toArray();
        Arrays.sort(u);
        double d = 0;
        for (int i = 0; i < u.length; i++) {
            d = Math.max(d, Math.max(Math.abs(u[i] - (double) i / u.length), Math.abs((i + 1.0) / u.length - u[i])));
        }
        assertTrue(d < 1.63 / Math.sqrt(u.length), "KS statistic " + d + " (1% critical value exceeded)");
        assertTrue(u[0] >= 0f && u[u.length - 1] < 1f);
    }

    @Test
    void normalHasTheRightMoments() {
        float[] z = Rng.seeded(12).normal(3f, 2f, 400_000).toArray();
        double mean = 0;
        for (float v : z) {
            mean += v;
        }
        mean /= z.length;
        double var = 0;
        double third = 0;
        double fourth = 0;
        for (float v : z) {
            double d = v - mean;
            var += d * d;
            third += d * d * d;
            fourth += d * d * d * d;
        }
        var /= z.length;
        assertEquals(3.0, mean, 0.01);                        // standard error 2/sqrt(n) = 0.003
        assertEquals(4.0, var, 0.04);
        assertEquals(0.0, third / z.length / Math.pow(var, 1.5), 0.03);   // skewness
        assertEquals(3.0, fourth / z.length / (var * var), 0.06);          // kurtosis
    }

    @Test
    void nextGaussianHasStandardNormalMomentsAndTailsAndTakesTwoDraws() {
        Rng rng = Rng.seeded(14);
        int n = 400_000;
        double sum = 0;
        double squares = 0;
        int beyondTwo = 0;
        for (int i = 0; i < n; i++) {
            double z = rng.nextGaussian();
            sum += z;
            squares += z * z;
            beyondTwo += Math.abs(z) > 2 ? 1 : 0;
        }
        assertEquals(0.0, sum / n, 0.006);                  // standard error 1/sqrt(n) = 0.0016
        assertEquals(1.0, squares / n, 0.01);
        assertEquals(0.0455, beyondTwo / (double) n, 0.002); // P(|Z| > 2) = 2(1 - Phi(2))
        assertEquals(2L * n, rng.position());
    }

    @Test
    void bernoulliFrequencyAndValidation() {
        float[] b = new float[100_000];
        Rng.seeded(13).bernoulli(0.3f, b, 0, b.length);
        double ones = 0;
        for (float v : b) {
            assertTrue(v == 0f || v == 1f);
            ones += v;
        }
        assertEquals(0.3, ones / b.length, 0.006);
        assertThrows(IllegalArgumentException.class, () -> Rng.seeded(1).bernoulli(1.5f, b, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Rng.seeded(1).bernoulli(Float.NaN, b, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> Rng.seeded(1).uniform(b, 99_999, 2));
    }

    @Test
    void splitsAndForksAreIndependentAndReproducible() {
        Rng parent = Rng.seeded(99);
        Rng a = parent.split();
        Rng b = parent.split();
        assertTrue(a.nextLong() != b.nextLong());
        assertEquals(Rng.seeded(99).fork(3).nextLong(), Rng.seeded(99).fork(3).nextLong());
        int[] counts = new int[10];
        Rng r = Rng.seeded(1);
        for (int i = 0; i < 100_000; i++) {
            counts[r.nextInt(10)]++;
        }
        for (int c : counts) {
            assertEquals(10_000, c, 400);
        }
    }
}
