package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;

/**
 * The GEMM register tile for A read in place by rows ({@link GemmKernels#directTile}):
 * {@value #ROWS} rows by four vectors of columns (4 x 64 floats with 512-bit vectors). Its 16
 * accumulators are four times the chains that one FMA per cycle of latency 4 needs, and each
 * step of the k loop issues 16 FMAs against 4 vector loads and 4 broadcasts. Four row offsets
 * stay in registers across the loop, where the twelve of {@link PanamaGemmTile} read in place
 * leave too few general registers and measured 8-10% slower (4 x 64 reached 110-112 GFLOP/s on
 * a 114 GFLOP/s core at k = 157 and 512, 12 x 32 102-107).
 *
 * <p>Each element of C is the same fused multiply-add chain from zero in k order as in the
 * other tiles, so which tile computes it never changes its bits. Written out long-hand for the
 * reason {@link PanamaGemmTile} gives.
 */
final class PanamaGemmRowTile {

    static final int ROWS = 4;
    static final int COLUMNS = 4 * FL;

    private PanamaGemmRowTile() {
    }

    /** {@link GemmKernels#directTile}: rows past {@code rows} repeat the last one and are never stored. */
    static void compute(int kc, int rows, float[] a, int ao, int lda, float[] b, int bo, int bStride, boolean accumulate, float[] c,
                        int co, int ldc) {
        int a1 = ao + Math.min(1, rows - 1) * lda;
        int a2 = ao + Math.min(2, rows - 1) * lda;
        int a3 = ao + Math.min(3, rows - 1) * lda;
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F), c03 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F), c13 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F), c23 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F), c32 = FloatVector.zero(F), c33 = FloatVector.zero(F);
        for (int p = 0, bp = bo; p < kc; p++, bp += bStride) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + FL);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * FL);
            FloatVector b3 = FloatVector.fromArray(F, b, bp + 3 * FL);
            FloatVector ai;
            ai = FloatVector.broadcast(F, a[ao + p]);
            c00 = ai.fma(b0, c00);
            c01 = ai.fma(b1, c01);
            c02 = ai.fma(b2, c02);
            c03 = ai.fma(b3, c03);
            ai = FloatVector.broadcast(F, a[a1 + p]);
            c10 = ai.fma(b0, c10);
            c11 = ai.fma(b1, c11);
            c12 = ai.fma(b2, c12);
            c13 = ai.fma(b3, c13);
            ai = FloatVector.broadcast(F, a[a2 + p]);
            c20 = ai.fma(b0, c20);
            c21 = ai.fma(b1, c21);
            c22 = ai.fma(b2, c22);
            c23 = ai.fma(b3, c23);
            ai = FloatVector.broadcast(F, a[a3 + p]);
            c30 = ai.fma(b0, c30);
            c31 = ai.fma(b1, c31);
            c32 = ai.fma(b2, c32);
            c33 = ai.fma(b3, c33);
        }
        int ci = co;
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(F, c, ci));
            c01 = c01.add(FloatVector.fromArray(F, c, ci + FL));
            c02 = c02.add(FloatVector.fromArray(F, c, ci + 2 * FL));
            c03 = c03.add(FloatVector.fromArray(F, c, ci + 3 * FL));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + FL);
        c02.intoArray(c, ci + 2 * FL);
        c03.intoArray(c, ci + 3 * FL);
        if (rows == 1) {
            return;
        }
        ci += ldc;
        if (accumulate) {
            c10 = c10.add(FloatVector.fromArray(F, c, ci));
            c11 = c11.add(FloatVector.fromArray(F, c, ci + FL));
            c12 = c12.add(FloatVector.fromArray(F, c, ci + 2 * FL));
            c13 = c13.add(FloatVector.fromArray(F, c, ci + 3 * FL));
        }
        c10.intoArray(c, ci);
        c11.intoArray(c, ci + FL);
        c12.intoArray(c, ci + 2 * FL);
        c13.intoArray(c, ci + 3 * FL);
        if (rows == 2) {
            return;
        }
        ci += ldc;
        if (accumulate) {
            c20 = c20.add(FloatVector.fromArray(F, c, ci));
            c21 = c21.add(FloatVector.fromArray(F, c, ci + FL));
            c22 = c22.add(FloatVector.fromArray(F, c, ci + 2 * FL));
            c23 = c23.add(FloatVector.fromArray(F, c, ci + 3 * FL));
        }
        c20.intoArray(c, ci);
        c21.intoArray(c, ci + FL);
        c22.intoArray(c, ci + 2 * FL);
        c23.intoArray(c, ci + 3 * FL);
        if (rows == 3) {
            return;
        }
        ci += ldc;
        if (accumulate) {
            c30 = c30.add(FloatVector.fromArray(F, c, ci));
            c31 = c31.add(FloatVector.fromArray(F, c, ci + FL));
            c32 = c32.add(FloatVector.fromArray(F, c, ci + 2 * FL));
            c33 = c33.add(FloatVector.fromArray(F, c, ci + 3 * FL));
        }
        c30.intoArray(c, ci);
        c31.intoArray(c, ci + FL);
        c32.intoArray(c, ci + 2 * FL);
        c33.intoArray(c, ci + 3 * FL);
    }
}
