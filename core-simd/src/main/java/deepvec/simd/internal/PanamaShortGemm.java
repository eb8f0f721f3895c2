package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Products whose inner dimension k is a handful of kernel taps (a convolution over one input
 * channel: k = 9 for 3 x 3), where the packed GEMM spends more time packing and on edge tiles
 * than multiplying. The forward tile is 4 rows by two vectors of columns: each tap costs two
 * vector loads of x and four broadcasts of w for eight fused multiply-adds, and the bias is the
 * starting value of the sums. The gradient tile is 2 rows by 4 taps of dot products along the
 * long dimension, each kept as per-lane partial sums and added in lane order at the end.
 * Rows or taps past the end repeat the last one and are not stored twice, so one tile shape
 * covers every size; columns past the last whole tile go a vector at a time (masked loads,
 * several times slower than plain ones in C2, only where a vector is ragged). Like
 * {@link PanamaGemmTile}, the tiles are written out long-hand.
 */
final class PanamaShortGemm {

    private static final int ROWS = 4;
    private static final int GRADIENT_ROWS = 2;
    private static final int GRADIENT_TAPS = 4;
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[GRADIENT_ROWS * GRADIENT_TAPS * FL]);

    private PanamaShortGemm() {
    }

    /** See {@code gemmShortK}. */
    static void product(int m, int n, int k, float[] w, int wo, float[] x, int xo, int ldx, float[] bias, int bo,
                        float[] y, int yo, int ldy) {
        int j = 0;
        for (; j + 2 * FL <= n; j += 2 * FL) {
            for (int i0 = 0; i0 < m; i0 += ROWS) {
                int i1 = Math.min(i0 + 1, m - 1);
                int i2 = Math.min(i0 + 2, m - 1);
                int i3 = Math.min(i0 + 3, m - 1);
                FloatVector c00 = FloatVector.broadcast(F, start(bias, bo, i0));
                FloatVector c10 = FloatVector.broadcast(F, start(bias, bo, i1));
                FloatVector c20 = FloatVector.broadcast(F, start(bias, bo, i2));
                FloatVector c30 = FloatVector.broadcast(F, start(bias, bo, i3));
                FloatVector c01 = c00;
                FloatVector c11 = c10;
                FloatVector c21 = c20;
                FloatVector c31 = c30;
                for (int t = 0; t < k; t++) {
                    int at = xo + t * ldx + j;
                    FloatVector x0 = FloatVector.fromArray(F, x, at);
                    FloatVector x1 = FloatVector.fromArray(F, x, at + FL);
                    FloatVector a = FloatVector.broadcast(F, w[wo + i0 * k + t]);
                    c00 = a.fma(x0, c00);
                    c01 = a.fma(x1, c01);
                    a = FloatVector.broadcast(F, w[wo + i1 * k + t]);
                    c10 = a.fma(x0, c10);
                    c11 = a.fma(x1, c11);
                    a = FloatVector.broadcast(F, w[wo + i2 * k + t]);
                    c20 = a.fma(x0, c20);
                    c21 = a.fma(x1, c21);
                    a = FloatVector.broadcast(F, w[wo + i3 * k + t]);
                    c30 = a.fma(x0, c30);
                    c31 = a.fma(x1, c31);
                }
                int at = yo + j;   // a repeated last row stores the same values again
                c00.intoArray(y, at + i0 * ldy);
                c01.intoArray(y, at + i0 * ldy + FL);
                c10.intoArray(y, at + i1 * ldy);
                c11.intoArray(y, at + i1 * ldy + FL);
                c20.intoArray(y, at + i2 * ldy);
                c21.intoArray(y, at + i2 * ldy + FL);
                c30.intoArray(y, at + i3 * ldy);
                c31.intoArray(y, at + i3 * ldy + FL);
            }
        }
        for (; j < n; j += FL) {   // the last columns, a vector at a time, row by row
            VectorMask<Float> in = F.indexInRange(j, n);
            boolean full = in.allTrue();   // masked loads are several times slower: only for a ragged end
            for (int i = 0; i < m; i++) {
                FloatVector c = FloatVector.broadcast(F, start(bias, bo, i));
                for (int t = 0; t < k; t++) {
                    int at = xo + t * ldx + j;
                    FloatVector xv = full ? FloatVector.fromArray(F, x, at) : FloatVector.fromArray(F, x, at, in);
                    c = FloatVector.broadcast(F, w[wo + i * k + t]).fma(xv, c);
                }
                if (full) {
                    c.intoArray(y, yo + i * ldy + j);
                } else {
                    c.intoArray(y, yo + i * ldy + j, in);
                }
            }
        }
    }

    private static float start(float[] bias, int bo, int i) {
        return bias == null ? 0f : bias[bo + i];
    }

    /** See {@code gemmShortKGradient}. */
    static void gradient(int m, int n, int k, float[] dy, int dyo, int ldy, float[] x, int xo, int ldx, float[] g, int go) {
        float[] lanes = LANES.get();
        for (int i0 = 0; i0 < m; i0 += GRADIENT_ROWS) {
            int i1 = Math.min(i0 + 1, m - 1);
            for (int t0 = 0; t0 < k; t0 += GRADIENT_TAPS) {
                int t1 = Math.min(t0 + 1, k - 1);
                int t2 = Math.min(t0 + 2, k - 1);
                int t3 = Math.min(t0 + 3, k - 1);
                FloatVector s00 = FloatVector.zero(F), s01 = s00, s02 = s00, s03 = s00;
                FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
                int bound = F.loopBound(n);
                for (int j = 0; j < bound; j += FL) {
                    FloatVector d0 = FloatVector.fromArray(F, dy, dyo + i0 * ldy + j);
                    FloatVector d1 = FloatVector.fromArray(F, dy, dyo + i1 * ldy + j);
                    FloatVector x0 = FloatVector.fromArray(F, x, xo + t0 * ldx + j);
                    FloatVector x1 = FloatVector.fromArray(F, x, xo + t1 * ldx + j);
                    FloatVector x2 = FloatVector.fromArray(F, x, xo + t2 * ldx + j);
                    FloatVector x3 = FloatVector.fromArray(F, x, xo + t3 * ldx + j);
                    s00 = d0.fma(x0, s00);
                    s01 = d0.fma(x1, s01);
                    s02 = d0.fma(x2, s02);
                    s03 = d0.fma(x3, s03);
                    s10 = d1.fma(x0, s10);
                    s11 = d1.fma(x1, s11);
                    s12 = d1.fma(x2, s12);
                    s13 = d1.fma(x3, s13);
                }
                s00.intoArray(lanes, 0);
                s01.intoArray(lanes, FL);
                s02.intoArray(lanes, 2 * FL);
                s03.intoArray(lanes, 3 * FL);
                s10.intoArray(lanes, 4 * FL);
                s11.intoArray(lanes, 5 * FL);
                s12.intoArray(lanes, 6 * FL);
                s13.intoArray(lanes, 7 * FL);
                for (int r = 0; r < GRADIENT_ROWS && i0 + r < m; r++) {
                    for (int q = 0; q < GRADIENT_TAPS && t0 + q < k; q++) {
                        float sum = PanamaSpecies.laneSum(lanes, (r * GRADIENT_TAPS + q) * FL);
                        for (int j = bound; j < n; j++) {   // the ragged end, in order
                            sum = Math.fma(dy[dyo + (i0 + r) * ldy + j], x[xo + (t0 + q) * ldx + j], sum);
                        }
                        g[go + (i0 + r) * k + t0 + q] += sum;
                    }
                }
            }
        }
    }
}
