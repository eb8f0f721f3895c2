package deepvec.simd.internal;

/**
 * {@link GemmKernels} in plain loops: the reference the vector kernels are tested
 * against and the fallback without the Vector API.
 */
public final class ScalarGemmKernels implements GemmKernels {

    /** Register tile of the scalar GEMM; small enough for the JIT to keep rows in registers. */
    private static final int MR = 4;

    private static final int NR = 8;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void tile(int kc, int rows, float[] a, int ao, int aRowStride, int aStep, float[] b, int bo, int bStride,
                     boolean accumulate, float[] c, int co, int ldc) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < NR; j++) {
                float sum = 0f;
                for (int p = 0; p < kc; p++) {
                    sum = Math.fma(a[ao + i * aRowStride + p * aStep], b[bo + p * bStride + j], sum);
                }
                int at = co + i * ldc + j;
                c[at] = accumulate ? c[at] + sum : sum;
            }
        }
    }

    @Override
    public boolean readsAInPlace() {
        return true;
    }

    @Override
    public int directMr() {
        return MR;
    }

    @Override
    public int directNr() {
        return NR;
    }

    @Override
    public void directTile(int kc, int rows, float[] a, int ao, int lda, float[] b, int bo, int bStride, boolean accumulate, float[] c,
                           int co, int ldc) {
        tile(kc, rows, a, ao, lda, 1, b, bo, bStride, accumulate, c, co, ldc);
    }

    @Override
    public void packRuns(int width, int n, int kc, float[] src, int so, int ld, float[] dst) {
        for (int p = 0; p < kc; p++) {
            for (int i = 0; i < n; i++) {
                dst[(i / width) * width * kc + p * width + i % width] = src[so + p * ld + i];
            }
        }
    }

    @Override
    public void dotTile(int k, float[] a, int ao, int lda, float[] bt, int bo, int ldbt, float[] c, int co, int ldc) {
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[ao + i * lda + p], bt[bo + j * ldbt + p], sum);
                }
                c[co + i * ldc + j] = sum;
            }
        }
    }

    @Override
    public void shortK(int m, int n, int k, float[] w, int wo, float[] x, int xo, int ldx, float[] bias, int bo,
                           float[] y, int yo, int ldy) {
        for (int i = 0; i < m; i++) {
            float start = bias == null ? 0f : bias[bo + i];
            for (int j = 0; j < n; j++) {
                float sum = start;
                for (int t = 0; t < k; t++) {
                    sum = Math.fma(w[wo + i * k + t], x[xo + t * ldx + j], sum);
                }
                y[yo + i * ldy + j] = sum;
            }
        }
    }

    @Override
    public void shortKGradient(int m, int n, int k, float[] dy, int dyo, int ldy, float[] x, int xo, int ldx,
                                   float[] g, int go) {
        for (int i = 0; i < m; i++) {
            for (int t = 0; t < k; t++) {
                float sum = 0f;
                for (int j = 0; j < n; j++) {
                    sum = Math.fma(dy[dyo + i * ldy + j], x[xo + t * ldx + j], sum);
                }
                g[go + i * k + t] += sum;
            }
        }
    }

    /** Width of the scalar narrow tile's packed B rows. */
    private static final int NARROW_COLUMNS = 16;

    @Override
    public int narrowColumns() {
        return NARROW_COLUMNS;
    }

    @Override
    public int narrowRows() {
        return MR;
    }

    @Override
    public void narrowTile(int k, int rows, int n, float alpha, float[] a, int ao, int lda, float[] b, float beta, float[] c, int co,
                           int ldc) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[ao + i * lda + p], b[p * NARROW_COLUMNS + j], sum);
                }
                int at = co + i * ldc + j;
                c[at] = alpha == 1f && beta == 0f ? sum : beta == 0f ? alpha * sum : Math.fma(beta, c[at], alpha * sum);
            }
        }
    }
}
