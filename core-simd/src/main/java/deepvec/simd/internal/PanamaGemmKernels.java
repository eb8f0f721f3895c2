package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.FL;

/**
 * {@link GemmKernels} on the Vector API: whole vectors, then one masked vector for the tail, so
 * every length takes the same arithmetic path. Created by {@link PanamaKernels} only when
 * {@code jdk.incubator.vector} is readable.
 */
final class PanamaGemmKernels implements GemmKernels {

    private static final boolean READS_A_IN_PLACE = InPlaceTilePolicy.readInPlace(PanamaSpecies.SHAPE.vectorBitSize());

    @Override
    public void shortK(int m, int n, int k, float[] w, int wo, float[] x, int xo, int ldx, float[] bias, int bo,
                           float[] y, int yo, int ldy) {
        PanamaShortGemm.product(m, n, k, w, wo, x, xo, ldx, bias, bo, y, yo, ldy);
    }

    @Override
    public void shortKGradient(int m, int n, int k, float[] dy, int dyo, int ldy, float[] x, int xo, int ldx,
                                   float[] g, int go) {
        PanamaShortGemm.gradient(m, n, k, dy, dyo, ldy, x, xo, ldx, g, go);
    }

    @Override
    public int mr() {
        return PanamaGemmTile.MR;
    }

    @Override
    public int nr() {
        return PanamaGemmTile.NR;
    }

    @Override
    public void tile(int kc, int rows, float[] a, int ao, int aRowStride, int aStep, float[] b, int bo, int bStride,
                     boolean accumulate, float[] c, int co, int ldc) {
        if (rows > 2 * PanamaGemmShortTile.ROWS) {
            PanamaGemmTile.compute(kc, rows, a, ao, aRowStride, aStep, b, bo, bStride, accumulate, c, co, ldc);
            return;
        }
        // up to 8 rows: one or two short tiles, whose multiply-adds all go to rows that are stored
        int first = Math.min(rows, PanamaGemmShortTile.ROWS);
        PanamaGemmShortTile.compute(kc, first, a, ao, aRowStride, aStep, b, bo, bStride, accumulate, c, co, ldc);
        if (rows > first) {
            PanamaGemmShortTile.compute(kc, rows - first, a, ao + first * aRowStride, aRowStride, aStep, b, bo, bStride,
                    accumulate, c, co + first * ldc, ldc);
        }
    }

    /** See {@link InPlaceTilePolicy}: on AMD Zen 4, and where {@code -Ddeepvec.gemm.inPlaceA=true} asks for it. */
    @Override
    public boolean readsAInPlace() {
        return READS_A_IN_PLACE;
    }

    @Override
    public int directMr() {
        return PanamaGemmRowTile.ROWS;
    }

    @Override
    public int directNr() {
        return PanamaGemmRowTile.COLUMNS;
    }

    @Override
    public void directTile(int kc, int rows, float[] a, int ao, int lda, float[] b, int bo, int bStride, boolean accumulate, float[] c,
                           int co, int ldc) {
        PanamaGemmRowTile.compute(kc, rows, a, ao, lda, b, bo, bStride, accumulate, c, co, ldc);
    }

    @Override
    public void packRuns(int width, int n, int kc, float[] src, int so, int ld, float[] dst) {
        PanamaGemmPacking.packRuns(width, n, kc, src, so, ld, dst);
    }

    @Override
    public void dotTile(int k, float[] a, int ao, int lda, float[] bt, int bo, int ldbt, float[] c, int co, int ldc) {
        PanamaGemmDotTile.compute(k, a, ao, lda, bt, bo, ldbt, c, co, ldc);
    }

    @Override
    public int narrowColumns() {
        return FL;
    }

    @Override
    public int narrowRows() {
        return PanamaGemmNarrowTile.ROWS;
    }

    @Override
    public void narrowTile(int k, int rows, int n, float alpha, float[] a, int ao, int lda, float[] b, float beta, float[] c, int co,
                           int ldc) {
        PanamaGemmNarrowTile.compute(k, rows, n, alpha, a, ao, lda, b, beta, c, co, ldc);
    }
}
