package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;

/**
 * The GEMM tile for C with at most one vector of columns (a classifier's output layer: N = 10):
 * {@value #ROWS} rows of C, each one vector whose lanes are C's columns, from rows of A read in
 * place and B packed as k rows of one zero-padded vector. Each step of k issues 12 FMAs against
 * one vector load and 12 broadcasts, and every element of C is one chain of fused
 * multiply-adds in k order, the scalar twin's order, so nothing is reduced across lanes. With
 * the 4 x 4 dot-product tile this shape spent as long adding each accumulator's lanes as
 * multiplying. Written out long-hand, like {@link PanamaGemmTile}.
 */
final class PanamaGemmNarrowTile {

    static final int ROWS = 12;

    /** Per-thread room for the tile's vectors, of which C takes the first n lanes. */
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[ROWS * FL]);

    private PanamaGemmNarrowTile() {
    }

    /** See {@link GemmKernels#narrowTile}. */
    static void compute(int k, int rows, int n, float alpha, float[] a, int ao, int lda, float[] b, float beta, float[] c, int co, int ldc) {
        int a1 = ao + Math.min(1, rows - 1) * lda;
        int a2 = ao + Math.min(2, rows - 1) * lda;
        int a3 = ao + Math.min(3, rows - 1) * lda;
        int a4 = ao + Math.min(4, rows - 1) * lda;
        int a5 = ao + Math.min(5, rows - 1) * lda;
        int a6 = ao + Math.min(6, rows - 1) * lda;
        int a7 = ao + Math.min(7, rows - 1) * lda;
        int a8 = ao + Math.min(8, rows - 1) * lda;
        int a9 = ao + Math.min(9, rows - 1) * lda;
        int a10 = ao + Math.min(10, rows - 1) * lda;
        int a11 = ao + Math.min(11, rows - 1) * lda;
        FloatVector c0 = FloatVector.zero(F), c1 = FloatVector.zero(F), c2 = FloatVector.zero(F), c3 = FloatVector.zero(F);
        FloatVector c4 = FloatVector.zero(F), c5 = FloatVector.zero(F), c6 = FloatVector.zero(F), c7 = FloatVector.zero(F);
        FloatVector c8 = FloatVector.zero(F), c9 = FloatVector.zero(F), c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        for (int p = 0, bp = 0; p < k; p++, bp += FL) {
            FloatVector bv = FloatVector.fromArray(F, b, bp);
            c0 = FloatVector.broadcast(F, a[ao + p]).fma(bv, c0);
            c1 = FloatVector.broadcast(F, a[a1 + p]).fma(bv, c1);
            c2 = FloatVector.broadcast(F, a[a2 + p]).fma(bv, c2);
            c3 = FloatVector.broadcast(F, a[a3 + p]).fma(bv, c3);
            c4 = FloatVector.broadcast(F, a[a4 + p]).fma(bv, c4);
            c5 = FloatVector.broadcast(F, a[a5 + p]).fma(bv, c5);
            c6 = FloatVector.broadcast(F, a[a6 + p]).fma(bv, c6);
            c7 = FloatVector.broadcast(F, a[a7 + p]).fma(bv, c7);
            c8 = FloatVector.broadcast(F, a[a8 + p]).fma(bv, c8);
            c9 = FloatVector.broadcast(F, a[a9 + p]).fma(bv, c9);
            c10 = FloatVector.broadcast(F, a[a10 + p]).fma(bv, c10);
            c11 = FloatVector.broadcast(F, a[a11 + p]).fma(bv, c11);
        }
        float[] t = TILE.get();                  // whole vectors here, then C's n columns: no masked stores
        c0.intoArray(t, 0);
        c1.intoArray(t, FL);
        c2.intoArray(t, 2 * FL);
        c3.intoArray(t, 3 * FL);
        c4.intoArray(t, 4 * FL);
        c5.intoArray(t, 5 * FL);
        c6.intoArray(t, 6 * FL);
        c7.intoArray(t, 7 * FL);
        c8.intoArray(t, 8 * FL);
        c9.intoArray(t, 9 * FL);
        c10.intoArray(t, 10 * FL);
        c11.intoArray(t, 11 * FL);
        store(t, rows, n, alpha, beta, c, co, ldc);
    }

    /**
     * Rows of the tile into C, alpha-scaled and added to beta C. Apart from the vector loop: a
     * larger method body had C1 run out of registers compiling it, which left it at tier 2
     * (measured: 100 times slower).
     */
    private static void store(float[] t, int rows, int n, float alpha, float beta, float[] c, int co, int ldc) {
        for (int i = 0; i < rows; i++) {     // rows past the last were computed from a repeat of it and are not stored
            for (int j = 0, at = co + i * ldc; j < n; j++, at++) {
                float ab = t[i * FL + j];
                c[at] = beta == 0f ? (alpha == 1f ? ab : alpha * ab) : Math.fma(beta, c[at], alpha * ab);
            }
        }
    }
}
