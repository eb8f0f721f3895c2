package deepvec.simd.internal;

/**
 * The GEMM micro-kernels that the BLIS-style driver ({@code deepvec.simd.GemmDriver}) calls: the
 * register tile of the packed product, the dot-product tile of skinny products and the short-k
 * products of single-channel convolutions. Only these know the vector width.
 *
 * <p>{@link ScalarGemmKernels} is the reference and the fallback; {@code PanamaGemmKernels} runs on the
 * Vector API.
 */
public interface GemmKernels {

    /** Rows of the register tile: A is packed in micro-panels of {@code mr()} rows. */
    int mr();

    /** Columns of the register tile: B is packed in micro-panels of {@code nr()} columns. */
    int nr();

    /**
     * One register tile of GEMM: for i &lt; rows, j &lt; NR,
     * {@code c[co + i*ldc + j] (+)= sum_p a[ao + i*aRowStride + p*aStep] * b[bo + p*bStride + j]},
     * the sum taken in order p = 0 .. kc-1 by fused multiply-adds from zero, then added to C
     * (one rounding) when {@code accumulate}, else stored. Rows of C from {@code rows} to MR are
     * not touched. A packed micro-panel has strides (1, MR); rows of a row-major A read in place
     * have (lda, 1). {@code bStride} is NR for a packed B panel, or the row stride of an
     * unpacked row-major B.
     *
     * @param rows how many of the MR rows are real, 1 .. MR
     */
    void tile(int kc, int rows, float[] a, int ao, int aRowStride, int aStep, float[] b, int bo, int bStride,
              boolean accumulate, float[] c, int co, int ldc);

    /**
     * Whether the driver should read a few rows of a row-major A in place with {@link #directTile} rather than
     * pack them for {@link #tile}: the same bits either way, and which is faster depends on the CPU.
     */
    boolean readsAInPlace();

    /** Rows of the in-place tile {@link #directTile}. */
    int directMr();

    /** Columns of the in-place tile: B is read or packed in panels of {@code directNr()} columns for it. */
    int directNr();

    /**
     * The register tile for a row-major A read in place (the driver's path for few rows):
     * {@link #tile} with strides (lda, 1) and MR, NR = {@link #directMr()}, {@link #directNr()},
     * the same sums in the same order, so the bits of C do not depend on which tile ran.
     *
     * @param rows how many of the directMr() rows are real, 1 .. directMr()
     */
    void directTile(int kc, int rows, float[] a, int ao, int lda, float[] b, int bo, int bStride, boolean accumulate, float[] c, int co,
                    int ldc);

    /**
     * Packs kc source rows of n floats each ({@code src[so + p*ld ..][0 .. n)}) into panels of
     * {@code width}: {@code dst[(i / width) * width * kc + p * width + i % width] = src[so + p*ld + i]}
     * for p &lt; kc, i &lt; n. This is the packing of A read by columns (width MR: rows of A^T)
     * and of a row-major B (width NR). The rest of a ragged last panel is not written.
     */
    void packRuns(int width, int n, int kc, float[] src, int so, int ld, float[] dst);

    /**
     * The skinny-GEMM tile, 4 x 4 dot products along k:
     * {@code c[co + i*ldc + j] = sum_p a[ao + i*lda + p] * bt[bo + j*ldbt + p]} for i, j < 4,
     * where rows of A and of B^T are contiguous. C is only written. Used when C has too few
     * columns to fill a register tile, so that the large operand A needs no packing.
     */
    void dotTile(int k, float[] a, int ao, int lda, float[] bt, int bo, int ldbt, float[] c, int co, int ldc);

    /** Columns of the narrow tile: C with at most this many columns takes {@link #narrowTile}. */
    int narrowColumns();

    /** Rows of the narrow tile. */
    int narrowRows();

    /**
     * The narrow-C tile: for i &lt; rows, j &lt; n &lt;= narrowColumns(),
     * {@code c[co + i*ldc + j] = alpha * s + beta * c[...]} (beta == 0 never reads C), where s is
     * the fused multiply-add chain over p = 0 .. k-1 of {@code a[ao + i*lda + p] * b[p*narrowColumns() + j]}
     * from 0, so every implementation gives the same bits. A is read in place; B is packed as k
     * rows of narrowColumns() floats, zero past column n. Rows of A past {@code rows} are not read.
     */
    void narrowTile(int k, int rows, int n, float alpha, float[] a, int ao, int lda, float[] b, float beta, float[] c, int co, int ldc);

    /**
     * A product with a short inner dimension k, as in a convolution over one input channel
     * (k = kernel taps): for i &lt; m, j &lt; n, {@code y[yo + i*ldy + j]} = the fused multiply-add
     * chain over t = 0 .. k-1 of {@code w[wo + i*k + t] * x[xo + t*ldx + j]} starting from
     * {@code bias[bo + i]} (from 0 when bias is null). Every kernel gives the same bits. Its
     * k rows of x stay in L1 while all m outputs are formed, with no packing.
     */
    void shortK(int m, int n, int k, float[] w, int wo, float[] x, int xo, int ldx, float[] bias, int bo,
                    float[] y, int yo, int ldy);

    /**
     * The weight gradient of {@link #shortK}: for i &lt; m, t &lt; k,
     * {@code g[go + i*k + t] += sum over j < n of dy[dyo + i*ldy + j] * x[xo + t*ldx + j]}, each sum a
     * dot product (its order of addition is the kernel's own, fixed for given arguments).
     */
    void shortKGradient(int m, int n, int k, float[] dy, int dyo, int ldy, float[] x, int xo, int ldx, float[] g, int go);
}
