package deepvec.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import deepvec.simd.random.Rng;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The per-channel passes against plain loops in double, and the same bits on one thread and on two. */
class PerChannelTest {

    private static final int N = 5;
    private static final int C = 7;
    private static final int P = 37;

    private static Tensor odd(long seed) {
        return Rng.seeded(seed).normal(-0.5f, 1f, N, C, 1, P);
    }

    private static double at(Tensor x, int n, int c, int p) {
        return x.contiguous().data()[x.contiguous().offset() + (n * C + c) * (x.size() / (N * C)) + p];
    }

    @Test
    void statisticsAreTheMeanAndBiasedVarianceOfEachChannel() {
        Tensor x = odd(1);
        PerChannel l = PerChannel.of("test", x);
        float[] mean = new float[C];
        float[] variance = new float[C];
        l.statistics(x, mean, variance);
        for (int c = 0; c < C; c++) {
            double sum = 0;
            double squares = 0;
            for (int n = 0; n < N; n++) {
                for (int p = 0; p < P; p++) {
                    sum += at(x, n, c, p);
                }
            }
            double mu = sum / (N * P);
            for (int n = 0; n < N; n++) {
                for (int p = 0; p < P; p++) {
                    squares += (at(x, n, c, p) - mu) * (at(x, n, c, p) - mu);
                }
            }
            assertEquals(mu, mean[c], 1e-5, "mean " + c);
            assertEquals(squares / (N * P), variance[c], 1e-4, "variance " + c);
        }
    }

    @Test
    void mapsAndSumsAreTheirDefinitions() {
        Tensor x = odd(2);
        Tensor z = odd(3);
        PerChannel l = PerChannel.of("test", x);
        float[] a = new float[C];
        float[] b = new float[C];
        float[] k = new float[C];
        for (int c = 0; c < C; c++) {
            a[c] = 0.5f + c;
            b[c] = -0.25f * c;
            k[c] = 0.1f * c - 0.3f;
        }
        Tensor standardized = l.standardize(x, k, a);
        Tensor affine = l.affine(x, a, b);
        Tensor combined = l.combine(a, x, b, z, k);
        double[] sums = l.sums(x, null);
        double[] dots = l.sums(x, z);
        Tensor window = l.windowSums(x, 3);
        for (int c = 0; c < C; c++) {
            double sum = 0;
            double dot = 0;
            for (int n = 0; n < N; n++) {
                for (int p = 0; p < P; p++) {
                    double v = at(x, n, c, p);
                    double w = at(z, n, c, p);
                    sum += v;
                    dot += v * w;
                    assertEquals((v - k[c]) * a[c], at(standardized, n, c, p), 1e-5);
                    assertEquals(a[c] * v + b[c], at(affine, n, c, p), 1e-5);
                    assertEquals(a[c] * v + b[c] * w + k[c], at(combined, n, c, p), 1e-5);
                    double windowed = 0;
                    for (int d = Math.max(0, c - 1); d <= Math.min(C - 1, c + 1); d++) {
                        windowed += at(x, n, d, p);
                    }
                    assertEquals(windowed, at(window, n, c, p), 1e-5);
                }
            }
            assertEquals(sum, sums[c], 1e-4);
            assertEquals(dot, dots[c], 1e-4);
        }
    }

    @Test
    void everyPassGivesTheSameBitsOnOneThreadAndOnTwo() {
        Tensor x = Rng.seeded(4).normal(0f, 1f, 64, 32, 14, 14);
        Tensor z = Rng.seeded(5).normal(0f, 1f, 64, 32, 14, 14);
        float[] s = Rng.seeded(6).normal(1f, 0.1f, 32).toArray();
        Supplier<float[][]> passes = () -> {
            PerChannel l = PerChannel.of("test", x);
            float[] mean = new float[32];
            float[] variance = new float[32];
            l.statistics(x, mean, variance);
            double[] dots = l.sums(x, z);
            float[] dotsAsFloats = new float[32];
            for (int c = 0; c < 32; c++) {
                dotsAsFloats[c] = (float) dots[c];
            }
            return new float[][] {mean, variance, dotsAsFloats, l.combine(s, x, s, z, s).toArray(), l.windowSums(x, 5).toArray()};
        };
        float[][] one;
        float[][] two;
        try (ComputePool pool = ComputePool.ofThreads(1)) {
            one = pool.call(passes);
        }
        try (ComputePool pool = ComputePool.ofThreads(2)) {
            two = pool.call(passes);
        }
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], two[i], 0f, "pass " + i);
        }
    }

    @Test
    void otherRanksAndShapesAreRefused() {
        assertThrows(ShapeException.class, () -> PerChannel.of("test", Tensor.zeros(2, 3, 4)));
        PerChannel l = PerChannel.of("test", Tensor.zeros(2, 3));
        assertThrows(ShapeException.class, () -> l.sums(Tensor.zeros(2, 4), null));
    }
}
