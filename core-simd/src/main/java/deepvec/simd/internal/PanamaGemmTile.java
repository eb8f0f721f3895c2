package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;

/**
 * The GEMM register tile: {@value #MR} rows by two vectors of columns (12 x 32 floats with
 * 512-bit vectors). Its 24 accumulators, two B vectors and one broadcast A value fill 27 of
 * the 32 vector registers of AVX-512, so C2 keeps the whole tile in registers; each step of
 * the k loop issues 24 FMAs against 2 vector loads and 12 scalar broadcasts. A is read
 * through two strides, so the same code takes a packed micro-panel or rows of A in place, and
 * the twelve row offsets are loop invariants (rows past the last repeat it, never stored).
 *
 * <p>The code is written out long-hand on purpose: a helper method taking vectors (a
 * "store one row" function, say) is not always inlined, and a vector passed to a call that is
 * not inlined is boxed on the heap, which made the whole tile 14 times slower when measured.
 *
 * <p>The tile classes and the packing of runs are where GEMM touches the Vector API: blocking and
 * threading live in {@code GemmDriver}.
 */
final class PanamaGemmTile {

    static final int MR = 12;
    static final int NR = 2 * FL;

    private PanamaGemmTile() {
    }

    /**
     * See {@link GemmKernels#tile}. Two ways to read A, picked once per call (C2 unswitches the k
     * loop on it): by columns, the twelve values of step p adjacent at constant offsets (a packed
     * micro-panel, strides (1, MR)); or by rows in place, twelve row offsets held across the loop
     * (strides (lda, 1); rows past the last repeat it).
     */
    static void compute(int kc, int rows, float[] a, int ao, int aRowStride, int aStep, float[] b, int bo, int bStride,
                        boolean accumulate, float[] c, int co, int ldc) {
        boolean byColumns = aStep != 1;      // strides (1, 1), rows of one value, read by rows: their repeats stay in bounds
        if (byColumns && aRowStride != 1) {
            throw new IllegalArgumentException("the tile reads A by columns (strides 1, step) or by rows (lda, 1), got ("
                    + aRowStride + ", " + aStep + ")");
        }
        int a1 = ao + Math.min(1, rows - 1) * aRowStride;
        int a2 = ao + Math.min(2, rows - 1) * aRowStride;
        int a3 = ao + Math.min(3, rows - 1) * aRowStride;
        int a4 = ao + Math.min(4, rows - 1) * aRowStride;
        int a5 = ao + Math.min(5, rows - 1) * aRowStride;
        int a6 = ao + Math.min(6, rows - 1) * aRowStride;
        int a7 = ao + Math.min(7, rows - 1) * aRowStride;
        int a8 = ao + Math.min(8, rows - 1) * aRowStride;
        int a9 = ao + Math.min(9, rows - 1) * aRowStride;
        int a10 = ao + Math.min(10, rows - 1) * aRowStride;
        int a11 = ao + Math.min(11, rows - 1) * aRowStride;
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F), c61 = FloatVector.zero(F);
        FloatVector c70 = FloatVector.zero(F), c71 = FloatVector.zero(F);
        FloatVector c80 = FloatVector.zero(F), c81 = FloatVector.zero(F);
        FloatVector c90 = FloatVector.zero(F), c91 = FloatVector.zero(F);
        FloatVector c100 = FloatVector.zero(F), c101 = FloatVector.zero(F);
        FloatVector c110 = FloatVector.zero(F), c111 = FloatVector.zero(F);
        int bp = bo;
        for (int p = 0, ap = ao; p < kc; p++, ap += aStep, bp += bStride) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + FL);
            FloatVector ai;
            ai = FloatVector.broadcast(F, a[ap]);
            c00 = ai.fma(b0, c00);
            c01 = ai.fma(b1, c01);
            ai = FloatVector.broadcast(F, a[byColumns ? ap + 1 : a1 + p]);
            c10 = ai.fma(b0, c10);
            c11 = ai.fma(b1, c11);
            ai = FloatVector.broadcast(F, a[byColumns ? ap + 2 : a2 + p]);
            c20 = ai.fma(b0, c20);
            c21 = ai.fma(b1, c21);
            ai = FloatVector.broadcast(F, a[byColumns ? ap + 3 : a3 + p]);
            c30 = ai.fma(b0, c30);
            c31 = ai.fma(b1, c31);
            ai = FloatVector.broadcast(F, a[byColumns ? ap + 4 : a4 + p]);
            c40 = ai.fma(b0, c40);
            c41 = ai.fma(b1, c41);
            ai = FloatVector.broadcast(F, a[byColumns ? ap + 5 : a5 + p]);
            c50 = ai.fma(b0, c50);
            c51 = ai.fma(b1, c51);
            ai = FloatVector.broadcast(F, a[byColumns ? ap + 6 : a6 + p]);
            c60 = ai.fma(b0, c60);
            c61 = ai.fma(b1, c61);
            ai = FloatVector.broadcast(F, a[byColumns ? ap + 7 : a7 + p]);
            c70 = ai.fma(b0, c70);
            c71 = ai.fma(b1, c71);
            ai = FloatVector.broadcast(F, a[byColumns ? ap + 8 : a8 + p]);
            c80 = ai.fma(b0, c80);
            c81 = ai.fma(b1, c81);
            ai = FloatVector.broadcast(F, a[byColumns ? ap + 9 : a9 + p]);
            c90 = ai.fma(b0, c90);
            c91 = ai.fma(b1, c91);
            ai = FloatVector.broadcast(F, a[byColumns ? ap + 10 : a10 + p]);
            c100 = ai.fma(b0, c100);
            c101 = ai.fma(b1, c101);
            ai = FloatVector.broadcast(F, a[byColumns ? ap + 11 : a11 + p]);
            c110 = ai.fma(b0, c110);
            c111 = ai.fma(b1, c111);
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
        if (rows == 4) {
            return;
        }
        ci += ldc;
        if (accumulate) {
            c40 = c40.add(FloatVector.fromArray(F, c, ci));
            c41 = c41.add(FloatVector.fromArray(F, c, ci + FL));
        }
        c40.intoArray(c, ci);
        c41.intoArray(c, ci + FL);
        if (rows == 5) {
            return;
        }
        ci += ldc;
        if (accumulate) {
            c50 = c50.add(FloatVector.fromArray(F, c, ci));
            c51 = c51.add(FloatVector.fromArray(F, c, ci + FL));
        }
        c50.intoArray(c, ci);
        c51.intoArray(c, ci + FL);
        if (rows == 6) {
            return;
        }
        ci += ldc;
        if (accumulate) {
            c60 = c60.add(FloatVector.fromArray(F, c, ci));
            c61 = c61.add(FloatVector.fromArray(F, c, ci + FL));
        }
        c60.intoArray(c, ci);
        c61.intoArray(c, ci + FL);
        if (rows == 7) {
            return;
        }
        ci += ldc;
        if (accumulate) {
            c70 = c70.add(FloatVector.fromArray(F, c, ci));
            c71 = c71.add(FloatVector.fromArray(F, c, ci + FL));
        }
        c70.intoArray(c, ci);
        c71.intoArray(c, ci + FL);
        if (rows == 8) {
            return;
        }
        ci += ldc;
        if (accumulate) {
            c80 = c80.add(FloatVector.fromArray(F, c, ci));
            c81 = c81.add(FloatVector.fromArray(F, c, ci + FL));
        }
        c80.intoArray(c, ci);
        c81.intoArray(c, ci + FL);
        if (rows == 9) {
            return;
        }
        ci += ldc;
        if (accumulate) {
            c90 = c90.add(FloatVector.fromArray(F, c, ci));
            c91 = c91.add(FloatVector.fromArray(F, c, ci + FL));
        }
        c90.intoArray(c, ci);
        c91.intoArray(c, ci + FL);
        if (rows == 10) {
            return;
        }
        ci += ldc;
        if (accumulate) {
            c100 = c100.add(FloatVector.fromArray(F, c, ci));
            c101 = c101.add(FloatVector.fromArray(F, c, ci + FL));
        }
        c100.intoArray(c, ci);
        c101.intoArray(c, ci + FL);
        if (rows == 11) {
            return;
        }
        ci += ldc;
        if (accumulate) {
            c110 = c110.add(FloatVector.fromArray(F, c, ci));
            c111 = c111.add(FloatVector.fromArray(F, c, ci + FL));
        }
        c110.intoArray(c, ci);
        c111.intoArray(c, ci + FL);
    }
}
