package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;

/**
 * The register tile for the last rows of a block: {@value #ROWS} rows by the same two vectors
 * of columns as {@link PanamaGemmTile}, reading A and B exactly as it does. A packed block of
 * 100 rows is eight 12-row tiles and four rows; the 12-row tile would compute those four as
 * twelve (the extra rows repeat the last), 7% of its multiply-adds on rows that are never
 * stored. (Blocks of A read in place take {@link PanamaGemmRowTile}, four rows high.) Its 8 accumulators are as many chains as two FMA pipes of latency 4 need,
 * and each step's 8 FMAs against 2 vector loads and 4 broadcasts stay bound by the FMAs.
 *
 * <p>Each element of C is the same fused multiply-add chain from zero in k order as in the
 * 12-row tile, so which tile computes a row never changes its bits.
 */
final class PanamaGemmShortTile {

    static final int ROWS = 4;

    private PanamaGemmShortTile() {
    }

    /** {@link GemmKernels#tile} for 1 .. {@value #ROWS} rows. */
    static void compute(int kc, int rows, float[] a, int ao, int aRowStride, int aStep, float[] b, int bo, int bStride,
                        boolean accumulate, float[] c, int co, int ldc) {
        int a1 = ao + Math.min(1, rows - 1) * aRowStride;
        int a2 = ao + Math.min(2, rows - 1) * aRowStride;
        int a3 = ao + Math.min(3, rows - 1) * aRowStride;
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        for (int p = 0, at = 0, bp = bo; p < kc; p++, at += aStep, bp += bStride) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + FL);
            FloatVector ai;
            ai = FloatVector.broadcast(F, a[ao + at]);
            c00 = ai.fma(b0, c00);
            c01 = ai.fma(b1, c01);
            ai = FloatVector.broadcast(F, a[a1 + at]);
            c10 = ai.fma(b0, c10);
            c11 = ai.fma(b1, c11);
            ai = FloatVector.broadcast(F, a[a2 + at]);
            c20 = ai.fma(b0, c20);
            c21 = ai.fma(b1, c21);
            ai = FloatVector.broadcast(F, a[a3 + at]);
            c30 = ai.fma(b0, c30);
            c31 = ai.fma(b1, c31);
        }
        int ci = co;
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(F, c, ci));
            c01 = c01.add(FloatVector.fromArray(F, c, ci + FL));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + FL);
        if (rows == 1) {
            return;
        }
        ci += ldc;
        if (accumulate) {
            c10 = c10.add(FloatVector.fromArray(F, c, ci));
            c11 = c11.add(FloatVector.fromArray(F, c, ci + FL));
        }
        c10.intoArray(c, ci);
        c11.intoArray(c, ci + FL);
        if (rows == 2) {
            return;
        }
        ci += ldc;
        if (accumulate) {
            c20 = c20.add(FloatVector.fromArray(F, c, ci));
            c21 = c21.add(FloatVector.fromArray(F, c, ci + FL));
        }
        c20.intoArray(c, ci);
        c21.intoArray(c, ci + FL);
        if (rows == 3) {
            return;
        }
        ci += ldc;
        if (accumulate) {
            c30 = c30.add(FloatVector.fromArray(F, c, ci));
            c31 = c31.add(FloatVector.fromArray(F, c, ci + FL));
        }
        c30.intoArray(c, ci);
        c31.intoArray(c, ci + FL);
    }
}
