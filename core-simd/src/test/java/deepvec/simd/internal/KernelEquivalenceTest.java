package deepvec.simd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels against the scalar reference, on random data of awkward lengths
 * (tails of every size, lengths around the GEMM tile) with non-zero offsets.
 */
class KernelEquivalenceTest {

    static final int[] SIZES = {0, 1, 4, 6, 13, 15, 16, 17, 25, 31, 32, 33, 100, 207, 300, 702, 1024, 4099, 9000};

    static Kernels simd;
    static Kernels scalar;

    @BeforeAll
    static void kernels() {
        simd = KernelProvider.kernels();
        scalar = KernelProvider.scalar();
        assumeTrue(simd != scalar, "SIMD kernels are not active in this JVM");
    }

    private static float[] random(SplittableRandom r, int n, double lo, double hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return x;
    }

    @FunctionalInterface
    interface Binary {
        void apply(BinaryKernels k, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n);
    }

    @Test
    void adamUpdateIsExactlyTheScalarOneAndFlushesSubnormalMoments() {
        SplittableRandom random = new SplittableRandom(41);
        for (int n : SIZES) {
            float[] g = random(random, n, -1, 1);
            float[] s = random(random, n, -0.1, 0.1);
            float[] r = random(random, n, 0, 0.01);
            for (int i = 0; i < n; i += 3) {
                g[i] = 0f;
                s[i] = 1e-38f;           // decays below the normal range this step
                r[i] = 1.17e-38f;
            }
            float[] theta = random(random, n, -1, 1);
            float[][] a = {theta.clone(), s.clone(), r.clone()};
            float[][] b = {theta.clone(), s.clone(), r.clone()};
            simd.update().adam(a[0], g, a[1], a[2], 0, n, 0.9f, 0.999f, 1e-3f, 0.19f, 0.002f, 1e-8f);
            scalar.update().adam(b[0], g, b[1], b[2], 0, n, 0.9f, 0.999f, 1e-3f, 0.19f, 0.002f, 1e-8f);
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(b[k], a[k], 0f, "n=" + n + " array " + k);
            }
            for (int i = 0; i < n; i += 3) {
                assertEquals(0f, a[1][i], "subnormal first moment flushed, n=" + n);
                assertEquals(0f, a[2][i], "subnormal second moment flushed, n=" + n);
            }
            for (int i = 1; i < n; i += 3) {   // against the formula in double
                double si = 0.9 * s[i] + 0.1 * g[i];
                double ri = 0.999 * r[i] + 0.001 * g[i] * g[i];
                double expected = theta[i] - 1e-3 * (si / 0.19) / (Math.sqrt(ri / 0.002) + 1e-8);
                assertEquals(expected, a[0][i], 1e-6 * (1 + Math.abs(expected)), "n=" + n + " i=" + i);
            }
        }
    }

    /** The fused recurrent cells: every output array of the vector kernels against the scalar one, at odd hidden sizes and offsets. */
    @Test
    void recurrentCellsMatchTheScalarReference() {
        SplittableRandom random = new SplittableRandom(43);
        for (int hidden : new int[] {1, 3, 7, 16, 17, 33, 100}) {
            int o = 5;                                  // every array starts at an offset
            float[] gates = random(random, o + 4 * hidden, -4, 4);
            float[] cPrev = random(random, o + hidden, -2, 2);
            float[] dh = random(random, o + hidden, -1, 1);
            float[] dc = random(random, o + hidden, -1, 1);
            float[][] lstm = new float[2][];
            float[][] lstmBack = new float[2][];
            float[][] gru = new float[2][];
            float[][] gruBack = new float[2][];
            Kernels[] both = {simd, scalar};
            float[] hg = random(random, o + 3 * hidden, -3, 3);
            float[] xg = random(random, o + 3 * hidden, -3, 3);
            for (int k = 0; k < 2; k++) {
                RecurrentKernels kernels = both[k].recurrent();
                float[] a = gates.clone();
                float[] c = new float[o + hidden];
                float[] t = new float[o + hidden];
                float[] h = new float[o + hidden];
                kernels.lstmCell(a, o, cPrev, o, c, o, t, o, h, o, hidden);
                lstm[k] = concat(a, c, t, h);
                float[] dGates = new float[o + 4 * hidden];
                float[] dcIo = dc.clone();
                kernels.lstmCellBackward(a, o, cPrev, o, t, o, dh, o, dcIo, o, dGates, o, hidden);
                lstmBack[k] = concat(dGates, dcIo);
                float[] act = xg.clone();
                float[] hOut = new float[o + hidden];
                kernels.gruCell(act, o, hg, o, cPrev, o, hOut, o, hidden);
                gru[k] = concat(act, hOut);
                float[] dX = new float[o + 3 * hidden];
                float[] dH = new float[o + 3 * hidden];
                float[] dPrev = new float[o + hidden];
                float[] da = new float[o + hidden];
                kernels.gruCellBackward(act, o, hg, o, cPrev, o, dh, o, dX, o, dH, o, dPrev, o, hidden);
                kernels.tanhBackward(hOut, o, dh, o, da, o, hidden);
                gruBack[k] = concat(dX, dH, dPrev, da);
            }
            assertArrayEquals(lstm[1], lstm[0], 2e-6f, "LSTM cell, H=" + hidden);
            assertArrayEquals(lstmBack[1], lstmBack[0], 2e-5f, "LSTM backward, H=" + hidden);
            assertArrayEquals(gru[1], gru[0], 2e-6f, "GRU cell, H=" + hidden);
            assertArrayEquals(gruBack[1], gruBack[0], 2e-5f, "GRU backward and tanh backward, H=" + hidden);
            for (int j = 0; j < o; j++) {
                assertEquals(0f, lstm[0][gates.length + j], "nothing written before the offset");
            }
        }
    }

    private static float[] concat(float[]... arrays) {
        int n = 0;
        for (float[] a : arrays) {
            n += a.length;
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] a : arrays) {
            System.arraycopy(a, 0, all, at, a.length);
            at += a.length;
        }
        return all;
    }

    @Test
    void binaryOpsAreExactlyTheScalarOnes() {
        Binary[] ops = {BinaryKernels::add, BinaryKernels::sub, BinaryKernels::mul, BinaryKernels::div, BinaryKernels::max,
            BinaryKernels::lessThan, BinaryKernels::wherePositive};
        SplittableRandom r = new SplittableRandom(1);
        for (Binary op : ops) {
            for (int n : SIZES) {
                float[] a = random(r, n + 3, -10, 10);
                float[] b = random(r, n + 5, -10, 10);
                if (n > 7) {
                    a[7] = Float.NaN;
                    b[5] = Float.POSITIVE_INFINITY;
                }
                float[] expected = new float[n + 2];
                float[] actual = new float[n + 2];
                op.apply(scalar.binary(), a, 3, b, 5, expected, 2, n);
                op.apply(simd.binary(), a, 3, b, 5, actual, 2, n);
                assertArrayEquals(expected, actual, "n=" + n);
            }
        }
    }

    @Test
    void fusedAndScaledOpsAreExactlyTheScalarOnes() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n : SIZES) {
            float[] a = random(r, n, -3, 3);
            float[] b = random(r, n, -3, 3);
            float[] c = random(r, n, -3, 3);
            float[] e = new float[n];
            float[] s = new float[n];
            scalar.binary().fma(a, 0, b, 0, c, 0, e, 0, n);
            simd.binary().fma(a, 0, b, 0, c, 0, s, 0, n);
            assertArrayEquals(e, s);
            scalar.scaling().scale(1.7f, a, 0, e, 0, n);
            simd.scaling().scale(1.7f, a, 0, s, 0, n);
            assertArrayEquals(e, s);
            scalar.scaling().addScalar(-0.3f, a, 0, e, 0, n);
            simd.scaling().addScalar(-0.3f, a, 0, s, 0, n);
            assertArrayEquals(e, s);
            float[] ye = c.clone();
            float[] ys = c.clone();
            scalar.scaling().axpy(0.5f, a, 0, ye, 0, n);
            simd.scaling().axpy(0.5f, a, 0, ys, 0, n);
            assertArrayEquals(ye, ys);
            scalar.scaling().axpby(0.5f, a, 0, -2f, ye, 0, n);
            simd.scaling().axpby(0.5f, a, 0, -2f, ys, 0, n);
            assertArrayEquals(ye, ys);
            scalar.scaling().affine(1.3f, -0.4f, a, 0, e, 0, n);
            simd.scaling().affine(1.3f, -0.4f, a, 0, s, 0, n);
            assertArrayEquals(e, s, "affine n=" + n);
            scalar.scaling().combine(0.7f, a, 0, -1.1f, b, 0, 0.25f, e, 0, n);
            simd.scaling().combine(0.7f, a, 0, -1.1f, b, 0, 0.25f, s, 0, n);
            assertArrayEquals(e, s, "combine n=" + n);
        }
    }

    @Test
    void piecewiseLinearOpsAreExactlyTheScalarOnes() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : SIZES) {
            float[] x = random(r, n, -5, 5);
            if (n > 3) {
                x[0] = Float.NaN;
                x[1] = -0f;
                x[2] = Float.NEGATIVE_INFINITY;
            }
            float[] e = new float[n];
            float[] s = new float[n];
            scalar.unary().relu(x, 0, e, 0, n);
            simd.unary().relu(x, 0, s, 0, n);
            assertArrayEquals(e, s, "relu n=" + n);
            scalar.unary().leakyRelu(0.01f, x, 0, e, 0, n);
            simd.unary().leakyRelu(0.01f, x, 0, s, 0, n);
            assertArrayEquals(e, s, "leakyRelu n=" + n);
            scalar.unary().abs(x, 0, e, 0, n);
            simd.unary().abs(x, 0, s, 0, n);
            assertArrayEquals(e, s, "abs n=" + n);
            scalar.unary().sqrt(x, 0, e, 0, n);
            simd.unary().sqrt(x, 0, s, 0, n);
            assertArrayEquals(e, s, "sqrt n=" + n);
        }
    }

    @Test
    void reductionsMatchTheScalarOnes() {
        SplittableRandom r = new SplittableRandom(4);
        for (int n : SIZES) {
            float[] x = random(r, n + 1, -4, 6);
            assertEquals(scalar.reduction().sum(x, 1, n), simd.reduction().sum(x, 1, n), 1e-6 * (n + 1), "sum n=" + n);
            assertEquals(scalar.reduction().sumSquaredDeviations(x, 1, n, 0.7f), simd.reduction().sumSquaredDeviations(x, 1, n, 0.7f),
                    1e-5 * (n + 1), "ssd n=" + n);
            float[] y = random(r, n + 2, -2, 2);
            assertEquals(scalar.reduction().dot(x, 1, y, 2, n), simd.reduction().dot(x, 1, y, 2, n), 1e-5 * (n + 1), "dot n=" + n);
            assertEquals(scalar.reduction().max(x, 1, n), simd.reduction().max(x, 1, n), "max n=" + n);
            if (n > 0) {
                assertEquals(scalar.reduction().argmax(x, 1, n), simd.reduction().argmax(x, 1, n), "argmax n=" + n);
            }
            float[] ye = new float[n];
            float[] ys = new float[n];
            double se = scalar.reduction().expShiftSum(x, 1, 6f, ye, 0, n);
            double ss = simd.reduction().expShiftSum(x, 1, 6f, ys, 0, n);
            assertEquals(se, ss, 1e-6 * (n + 1));
            for (int i = 0; i < n; i++) {
                assertEquals(ye[i], ys[i], 4 * Math.ulp(ye[i]));
            }
        }
    }

    @Test
    void argmaxAndMaxFollowNaNAndTies() {
        float[] x = new float[40];
        Arrays.fill(x, 1f);
        x[17] = 5f;
        x[33] = 5f;
        assertEquals(17, simd.reduction().argmax(x, 0, 40));
        x[25] = Float.NaN;
        x[38] = Float.NaN;
        assertEquals(25, simd.reduction().argmax(x, 0, 40));
        assertEquals(Float.NaN, simd.reduction().max(x, 0, 40));
        assertEquals(Float.NEGATIVE_INFINITY, simd.reduction().max(x, 0, 0));
    }

    @Test
    void twoByTwoMaxPoolingRowsAreExactlyTheScalarOnes() {
        SplittableRandom r = new SplittableRandom(9);
        for (int outW : new int[] {1, 3, 7, 8, 14, 15, 16, 17, 33}) {
            for (int width : new int[] {2 * outW, 2 * outW + 1}) {
                int top = 3;  // row offset within the array; the row pair is at [top, top + 2 width)
                float[] in = random(r, top + 2 * width + 5, -2, 2);
                for (int i = 0; i < in.length; i += 7) {
                    in[i] = in[i / 2];  // ties
                }
                if (outW % 2 == 1) {
                    in[top + width + 1] = Float.NaN;
                    in[top + 2 * outW - 2] = Float.POSITIVE_INFINITY;
                    in[top + width + 2 * outW - 1] = Float.NEGATIVE_INFINITY;  // inf - inf: the NaN route, same answer
                }
                in[top] = -0f;
                in[top + 1] = 0f;
                float[] expected = new float[outW + 2];
                float[] actual = new float[outW + 2];
                int[] expectedAt = new int[outW + 2];
                int[] actualAt = new int[outW + 2];
                scalar.pooling().maxPoolTwoByTwoRow(in, top, width, outW, expected, 1, expectedAt, 2, 40);
                simd.pooling().maxPoolTwoByTwoRow(in, top, width, outW, actual, 1, actualAt, 2, 40);
                String where = "outW=" + outW + " width=" + width;
                assertArrayEquals(expected, actual, where);
                assertArrayEquals(expectedAt, actualAt, where);
                for (int ow = 0; ow < outW; ow++) {  // the reference itself: a winner inside window ow
                    int offset = expectedAt[2 + ow] - 40 - 2 * ow;
                    assertTrue(offset == 0 || offset == 1 || offset == width || offset == width + 1, where);
                    assertEquals(in[top + 2 * ow + offset], expected[1 + ow], where);
                }

                float[] gradOut = random(r, outW + 1, -1, 1);
                float[] gradExpected = random(r, 40 + 2 * width + 3, -1, 1);
                gradExpected[40 + 1] = -0f;  // must stay -0 where nothing is added
                float[] gradActual = gradExpected.clone();
                scalar.pooling().maxUnpoolTwoByTwoRow(gradOut, 1, expectedAt, 2, outW, gradExpected, 0, 40, width);
                simd.pooling().maxUnpoolTwoByTwoRow(gradOut, 1, expectedAt, 2, outW, gradActual, 0, 40, width);
                assertArrayEquals(gradExpected, gradActual, where);
            }
        }
    }

    @Test
    void shortInnerProductsMatchTheScalarOnes() {
        SplittableRandom r = new SplittableRandom(13);
        for (int[] shape : new int[][] {{32, 784, 9}, {1, 1, 1}, {5, 33, 4}, {7, 17, 16}, {6, 100, 3}, {2, 48, 25}}) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            int ldx = n + 3;
            int ldy = n + 5;
            float[] w = random(r, 2 + m * k, -1, 1);
            float[] x = random(r, 1 + k * ldx, -1, 1);
            float[] bias = random(r, m + 4, -1, 1);
            String where = m + "x" + n + "x" + k;
            for (float[] b : new float[][] {bias, null}) {
                float[] expected = new float[3 + m * ldy];
                float[] actual = new float[3 + m * ldy];
                scalar.gemm().shortK(m, n, k, w, 2, x, 1, ldx, b, 4, expected, 3, ldy);
                simd.gemm().shortK(m, n, k, w, 2, x, 1, ldx, b, 4, actual, 3, ldy);
                assertArrayEquals(expected, actual, where);
            }

            float[] dy = random(r, 2 + m * ldy, -1, 1);
            float[] expected = random(r, 1 + m * k, -1, 1);
            float[] actual = expected.clone();
            scalar.gemm().shortKGradient(m, n, k, dy, 2, ldy, x, 1, ldx, expected, 1);
            simd.gemm().shortKGradient(m, n, k, dy, 2, ldy, x, 1, ldx, actual, 1);
            for (int i = 0; i < expected.length; i++) {  // accumulated onto the same random start
                assertEquals(expected[i], actual[i], 2e-6 * n, where + " gradient " + i);
            }
        }
    }

    /** B [k, n] packed as k rows of {@code width} floats, zero past column n. */
    private static float[] packNarrow(float[] b, int k, int n, int width) {
        float[] packed = new float[k * width];
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, p * n, packed, p * width, n);
        }
        return packed;
    }

    @Test
    void narrowTilesAreExactlyTheScalarOnes() {
        SplittableRandom r = new SplittableRandom(8);
        int width = simd.gemm().narrowColumns();
        for (int k : new int[] {1, 7, 64, 257}) {
            for (int n : new int[] {1, 3, width - 1, width}) {
                if (n < 1) {
                    continue;
                }
                for (int rows : new int[] {1, 5, simd.gemm().narrowRows()}) {
                    float[] a = random(r, rows * k + 3, -1, 1);
                    float[] b = random(r, k * n, -1, 1);
                    float[] start = random(r, rows * 17, -1, 1);
                    for (float[] ab : new float[][] {{1f, 0f}, {0.5f, 0f}, {-2f, 0.75f}}) {
                        float[] e = start.clone();
                        float[] s = start.clone();
                        scalar.gemm().narrowTile(k, rows, n, ab[0], a, 3, k, packNarrow(b, k, n, scalar.gemm().narrowColumns()), ab[1],
                                e, 0, 17);
                        simd.gemm().narrowTile(k, rows, n, ab[0], a, 3, k, packNarrow(b, k, n, width), ab[1], s, 0, 17);
                        assertArrayEquals(e, s, "k=" + k + " n=" + n + " rows=" + rows + " alpha=" + ab[0] + " beta=" + ab[1]);
                    }
                }
            }
        }
    }

    @Test
    void gemmTilesMatchTheirSumsAndDotTilesTheScalarOnes() {
        SplittableRandom r = new SplittableRandom(5);
        for (GemmKernels gemm : new GemmKernels[] {simd.gemm(), scalar.gemm()}) {
            tilesMatchTheirDefinition(gemm, r);
        }
        for (int k : new int[] {16, 33, 100, 256}) {
            float[] a = random(r, 4 * k, -1, 1);
            float[] bt = random(r, 4 * k, -1, 1);
            float[] e = new float[16];
            float[] s = new float[16];
            scalar.gemm().dotTile(k, a, 0, k, bt, 0, k, e, 0, 4);
            simd.gemm().dotTile(k, a, 0, k, bt, 0, k, s, 0, 4);
            assertArrayEquals(e, s, 1e-5f * k);
        }
    }

    @Test
    void packedRunsPlaceEveryElementInItsPanel() {
        SplittableRandom r = new SplittableRandom(8);
        for (GemmKernels gemm : new GemmKernels[] {simd.gemm(), scalar.gemm()}) {
            for (int width : new int[] {gemm.mr(), gemm.nr()}) {
                for (int n : new int[] {1, width - 1, width, width + 1, 157}) {
                    for (int kc : new int[] {1, 7, 64}) {
                        int ld = n + 5;
                        float[] src = random(r, 3 + kc * ld, -1, 1);
                        int panels = (n + width - 1) / width;
                        float[] dst = new float[panels * width * kc];
                        Arrays.fill(dst, Float.NaN);
                        gemm.packRuns(width, n, kc, src, 3, ld, dst);
                        for (int p = 0; p < kc; p++) {
                            for (int i = 0; i < panels * width; i++) {
                                float packed = dst[(i / width) * width * kc + p * width + i % width];
                                String where = "width=" + width + " n=" + n + " kc=" + kc + " (" + i + "," + p + ")";
                                if (i < n) {
                                    assertEquals(src[3 + p * ld + i], packed, where);
                                } else {
                                    assertTrue(Float.isNaN(packed), where + " past the block was written");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The register tiles, packed and in place, storing and accumulating, full and short, against
     * their sums written out: the packed-panel tile read both ways, and the tile for A in place.
     */
    private static void tilesMatchTheirDefinition(GemmKernels gemm, SplittableRandom r) {
        for (int kc : new int[] {1, 2, 9, 64, 511}) {
            for (int rows = gemm.mr(); rows >= 1; rows--) {
                tileMatchesItsDefinition(gemm, false, true, kc, rows, r);
                tileMatchesItsDefinition(gemm, false, false, kc, rows, r);
            }
            for (int rows = gemm.directMr(); rows >= 1; rows--) {
                tileMatchesItsDefinition(gemm, true, false, kc, rows, r);
            }
        }
    }

    private static void tileMatchesItsDefinition(GemmKernels gemm, boolean direct, boolean packed, int kc, int rows, SplittableRandom r) {
        int mr = direct ? gemm.directMr() : gemm.mr();
        int nr = direct ? gemm.directNr() : gemm.nr();
        for (boolean accumulate : new boolean[] {false, true}) {
            int lda = kc + 3;      // in place: rows of a row-major A with a padded leading dimension
            float[] a = random(r, 2 + (packed ? kc * mr : mr * lda), -1, 1);
            int rowStride = packed ? 1 : lda;
            int step = packed ? mr : 1;
            int ldb = nr + 5;      // B's rows in place, a padded leading dimension
            float[] b = random(r, kc * ldb, -1, 1);
            int ldc = nr + 1;
            float[] c = random(r, mr * ldc, -1, 1);
            float[] start = c.clone();
            if (direct) {
                gemm.directTile(kc, rows, a, 2, lda, b, 0, ldb, accumulate, c, 0, ldc);
            } else {
                gemm.tile(kc, rows, a, 2, rowStride, step, b, 0, ldb, accumulate, c, 0, ldc);
            }
            String where = (direct ? "direct tile" : "tile") + " kc=" + kc + " rows=" + rows + (packed ? " packed" : " in place")
                    + (accumulate ? " +=" : "");
            for (int i = 0; i < mr; i++) {
                for (int j = 0; j < nr; j++) {
                    float sum = 0f;
                    for (int p = 0; p < kc; p++) {
                        sum = Math.fma(a[2 + i * rowStride + p * step], b[p * ldb + j], sum);
                    }
                    float expected = i >= rows ? start[i * ldc + j] : accumulate ? start[i * ldc + j] + sum : sum;
                    assertEquals(expected, c[i * ldc + j], where + " (" + i + "," + j + ")");
                }
            }
        }
    }

    @Test
    void uniformStreamIsBitIdenticalToTheScalarOne() {
        for (int n : SIZES) {
            float[] e = new float[n];
            float[] s = new float[n];
            scalar.random().uniform(42L, 1000L, e, 0, n);
            simd.random().uniform(42L, 1000L, s, 0, n);
            assertArrayEquals(e, s, "n=" + n);
            scalar.random().bernoulliFromUniform(0.3f, e, 0, n);
            simd.random().bernoulliFromUniform(0.3f, s, 0, n);
            assertArrayEquals(e, s, "bernoulli n=" + n);
        }
    }

    @Test
    void normalStreamMatchesTheScalarBoxMuller() {
        for (int n : SIZES) {
            float[] e = new float[n];
            float[] s = new float[n];
            scalar.random().normal(7L, 3L, e, 0, n);
            simd.random().normal(7L, 3L, s, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(e[i], s[i], 2e-6 * Math.max(1, Math.abs(e[i])), "n=" + n + " i=" + i);
            }
        }
    }
}
