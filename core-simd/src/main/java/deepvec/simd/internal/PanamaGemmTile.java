package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;

/**
 * The GEMM register tile: {@value #MR} rows by two vectors of columns (12 x 32 floats with
 * 512-bit vectors). Its 24 accumulators, two B vectors and one broadcast A value fill 27 of
 * the 32 vector registers of AVX-512, so C2 keeps the whole tile in registers; each step of
 * the k loop issues 24 FMAs against 2 vector loads and 12 scalar broadcasts.
 *
 * <p>The code is written out long-hand on purpose: a helper method taking vectors (a
 * "store one row" function, say) is not always inlined, and a vector passed to a call that is
 * not inlined is boxed on the heap, which made the whole tile 14 times slower when measured.
 *
 * <p>This is the only place where GEMM touches the Vector API: packing, blocking and
 * threading live in {@link GemmDriver}.
 */
final class PanamaGemmTile {

    static final int MR = 12;
    static final int NR = 2 * FL;

    private PanamaGemmTile() {
    }

    /** See {@code gemmTile}. */
    static void compute(int kc, float[] a, int ao, float[] b, int bo, int bStride,
                        float[] c, int co, int ldc) {
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
        int ap = ao;
        int bp = bo;
        for (int p = 0; p < kc; p++, ap += MR, bp += bStride) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + FL);
            FloatVector ai;
            ai = FloatVector.broadcast(F, a[ap + 0]);
            c00 = ai.fma(b0, c00);
            c01 = ai.fma(b1, c01);
            ai = FloatVector.broadcast(F, a[ap + 1]);
            c10 = ai.fma(b0, c10);
            c11 = ai.fma(b1, c11);
            ai = FloatVector.broadcast(F, a[ap + 2]);
            c20 = ai.fma(b0, c20);
            c21 = ai.fma(b1, c21);
            ai = FloatVector.broadcast(F, a[ap + 3]);
            c30 = ai.fma(b0, c30);
            c31 = ai.fma(b1, c31);
            ai = FloatVector.broadcast(F, a[ap + 4]);
            c40 = ai.fma(b0, c40);
            c41 = ai.fma(b1, c41);
            ai = FloatVector.broadcast(F, a[ap + 5]);
            c50 = ai.fma(b0, c50);
            c51 = ai.fma(b1, c51);
            ai = FloatVector.broadcast(F, a[ap + 6]);
            c60 = ai.fma(b0, c60);
            c61 = ai.fma(b1, c61);
            ai = FloatVector.broadcast(F, a[ap + 7]);
            c70 = ai.fma(b0, c70);
            c71 = ai.fma(b1, c71);
            ai = FloatVector.broadcast(F, a[ap + 8]);
            c80 = ai.fma(b0, c80);
            c81 = ai.fma(b1, c81);
            ai = FloatVector.broadcast(F, a[ap + 9]);
            c90 = ai.fma(b0, c90);
            c91 = ai.fma(b1, c91);
            ai = FloatVector.broadcast(F, a[ap + 10]);
            c100 = ai.fma(b0, c100);
            c101 = ai.fma(b1, c101);
            ai = FloatVector.broadcast(F, a[ap + 11]);
            c110 = ai.fma(b0, c110);
            c111 = ai.fma(b1, c111);
        }
        c00.intoArray(c, co + 0 * ldc);
        c01.intoArray(c, co + 0 * ldc + FL);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + FL);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + FL);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + FL);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + FL);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + FL);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + FL);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + FL);
        c80.intoArray(c, co + 8 * ldc);
        c81.intoArray(c, co + 8 * ldc + FL);
        c90.intoArray(c, co + 9 * ldc);
        c91.intoArray(c, co + 9 * ldc + FL);
        c100.intoArray(c, co + 10 * ldc);
        c101.intoArray(c, co + 10 * ldc + FL);
        c110.intoArray(c, co + 11 * ldc);
        c111.intoArray(c, co + 11 * ldc + FL);
    }
}
