package deepvec.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;

/** GEMM against a double-precision triple loop, over awkward shapes, transposes and strides. */
class GemmTest {

    static Stream<Arguments> shapes() {
        int[][] mnk = {
            {1, 1, 1}, {1, 13, 7}, {13, 1, 7}, {4, 6, 25}, {11, 31, 1}, {12, 32, 16}, {13, 33, 17},
            {25, 100, 207}, {100, 10, 256}, {128, 10, 256}, {32, 300, 9}, {6, 702, 13}, {289, 65, 70},
            {37, 4099, 3}, {300, 300, 600}, {64, 129, 1030},
        };
        return Arrays.stream(mnk).flatMap(s -> Stream.of(
                Arguments.of(s[0], s[1], s[2], false, false), Arguments.of(s[0], s[1], s[2], true, false),
                Arguments.of(s[0], s[1], s[2], false, true), Arguments.of(s[0], s[1], s[2], true, true)));
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4}")
    @MethodSource("shapes")
    void matchesDoublePrecisionReference(int m, int n, int k, boolean transA, boolean transB) {
        SplittableRandom random = new SplittableRandom(m * 31L + n * 17L + k);
        int lda = (transA ? m : k) + 3;           // padded leading dimensions
        int ldb = (transB ? k : n) + 1;
        int ldc = n + 2;
        float[] a = randomArray(random, 5 + (transA ? k : m) * lda);
        float[] b = randomArray(random, 2 + (transB ? n : k) * ldb);
        float[] c = randomArray(random, 1 + m * ldc);
        float[] expected = c.clone();
        float alpha = 0.75f;
        float beta = -0.5f;
        reference(transA, transB, m, n, k, alpha, a, 5, lda, b, 2, ldb, beta, expected, 1, ldc);
        Gemm.sgemm(transA, transB, m, n, k, alpha, a, 5, lda, b, 2, ldb, beta, c, 1, ldc);
        for (int i = 0; i < c.length; i++) {
            // error bound of a length-k float dot product over values in [-1, 1]
            assertEquals(expected[i], c[i], 2e-6 * (k + 4), "element " + i);
        }
    }

    @Test
    void betaZeroNeverReadsC() {
        int m = 17, n = 40, k = 9;
        SplittableRandom random = new SplittableRandom(3);
        float[] a = randomArray(random, m * k);
        float[] b = randomArray(random, k * n);
        float[] c = new float[m * n];
        Arrays.fill(c, Float.NaN);
        Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        for (float v : c) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        for (int[] s : new int[][] {{300, 700, 600}, {128, 10, 256}, {32, 5000, 9}, {700, 64, 100}, {200, 300, 400}, {64, 128, 3136}}) {
            SplittableRandom random = new SplittableRandom(s[0]);
            float[] a = randomArray(random, s[0] * s[2]);
            float[] b = randomArray(random, s[2] * s[1]);
            float[] one = multiply(1, s, a, b);
            for (int threads : new int[] {2, 3, 5}) {
                assertArrayEquals(one, multiply(threads, s, a, b), "threads=" + threads);
            }
        }
    }

    private static float[] multiply(int threads, int[] s, float[] a, float[] b) {
        float[] c = new float[s[0] * s[1]];
        try (ComputePool pool = ComputePool.ofThreads(threads)) {
            pool.run(() -> Gemm.sgemm(false, false, s[0], s[1], s[2], 1f, a, 0, s[2], b, 0, s[1], 0f, c, 0, s[1]));
        }
        return c;
    }

    /**
     * A few contiguous rows of A are read in place, the same A stored transposed is packed, and so
     * is B stored transposed (packing it is a transpose, by blocks of k); with
     * alpha = 1 the tile adds C itself when beta = 1, otherwise its sums are merged into C. Every
     * route gives the bits of the one definition: the sum over k by FMAs, then one rounding onto C.
     */
    @Test
    void packedAndInPlaceOperandsAndAccumulationGiveTheSameBits() {
        for (int[] s : new int[][] {{32, 512, 128}, {32, 128, 512}, {90, 70, 300}, {7, 40, 33}, {13, 33, 17}, {14, 64, 1}, {100, 300, 500}}) {
            int m = s[0], n = s[1], k = s[2];
            SplittableRandom random = new SplittableRandom(m + n + k);
            float[] a = randomArray(random, m * k);
            float[] at = new float[k * m];
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    at[p * m + i] = a[i * k + p];
                }
            }
            float[] b = randomArray(random, k * n);
            float[] start = randomArray(random, m * n);
            float[] inPlace = new float[m * n];
            float[] packed = new float[m * n];
            Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, inPlace, 0, n);
            Gemm.sgemm(true, false, m, n, k, 1f, at, 0, m, b, 0, n, 0f, packed, 0, n);
            assertArrayEquals(packed, inPlace, Arrays.toString(s));
            float[] sum = new float[m * n];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = start[i] + inPlace[i];
            }
            float[] accumulated = start.clone();
            Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 1f, accumulated, 0, n);
            assertArrayEquals(sum, accumulated, "C += A B, " + Arrays.toString(s));
            float[] accumulatedPacked = start.clone();
            Gemm.sgemm(true, false, m, n, k, 1f, at, 0, m, b, 0, n, 1f, accumulatedPacked, 0, n);
            assertArrayEquals(sum, accumulatedPacked, "C += A^T^T B, " + Arrays.toString(s));
            if (m <= 16) {   // with so few rows and B^T's rows contiguous, GEMM takes dot products: another order of sums
                continue;
            }
            float[] bt = new float[n * k];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    bt[j * k + p] = b[p * n + j];
                }
            }
            float[] transposedB = new float[m * n];
            Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, bt, 0, k, 0f, transposedB, 0, n);
            assertArrayEquals(inPlace, transposedB, "A B^T^T, " + Arrays.toString(s));
        }
    }

    @Test
    void propagatesNaNAndInfinityAsIeeeArithmeticDoes() {
        float[] a = {1, 2, Float.NaN, 3};                     // [[1, 2], [NaN, 3]]
        float[] b = {1, 0, Float.POSITIVE_INFINITY, 1};       // [[1, 0], [inf, 1]]
        float[] c = new float[4];
        Gemm.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        assertEquals(Float.POSITIVE_INFINITY, c[0]);          // 1*1 + 2*inf
        assertEquals(2f, c[1]);                               // 1*0 + 2*1
        assertTrue(Float.isNaN(c[2]));                        // NaN*1 + 3*inf
        assertTrue(Float.isNaN(c[3]));                        // NaN*0 + 3*1
    }

    @Test
    void matmulReadsTransposedViewsInPlace() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);   // [2,3]
        Tensor at = a.transpose(0, 1);                                 // [3,2] view
        Tensor product = Gemm.matmul(a, at);                           // a a^T
        assertArrayEquals(new float[] {14, 32, 32, 77}, product.toArray());
        Tensor batched = Gemm.matmul(Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 2), Tensor.of(new float[] {1, 1, 2, 2}, 2, 2, 1));
        assertArrayEquals(new float[] {3, 14}, batched.toArray());
    }

    @Test
    void rejectsBadArgumentsWithClearMessages() {
        float[] x = new float[12];
        ShapeException ld = assertThrows(ShapeException.class,
                () -> Gemm.sgemm(false, false, 3, 4, 4, 1f, x, 0, 3, x, 0, 4, 0f, x, 0, 4));
        assertTrue(ld.getMessage().contains("lda=3"), ld.getMessage());
        ShapeException small = assertThrows(ShapeException.class,
                () -> Gemm.sgemm(false, false, 4, 4, 4, 1f, x, 0, 4, x, 0, 4, 0f, x, 0, 4));
        assertTrue(small.getMessage().contains("needs 16 floats"), small.getMessage());
        assertThrows(ShapeException.class, () -> Gemm.matmul(Tensor.zeros(2, 3), Tensor.zeros(2, 3)));
    }

    static float[] randomArray(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** C = alpha op(A) op(B) + beta C in double, the oracle. */
    static void reference(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int ao, int lda, float[] b, int bo, int ldb,
                          float beta, float[] c, int co, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[ao + p * lda + i] : a[ao + i * lda + p];
                    double bv = transB ? b[bo + j * ldb + p] : b[bo + p * ldb + j];
                    sum += av * bv;
                }
                int ci = co + i * ldc + j;
                c[ci] = (float) (alpha * sum + (beta == 0 ? 0 : beta * (double) c[ci]));
            }
        }
    }
}
