package deepvec.simd.internal;

/**
 * The hot loops of deepvec, implemented twice: {@link ScalarKernels} (plain loops, the oracle
 * and the fallback) and {@code PanamaKernels} (the Vector API). Every method works on
 * contiguous ranges of {@code float[]} given as (array, offset, length); callers validate
 * shapes and bounds once, in the public facades.
 *
 * <p>Obtain the active implementation with {@link KernelProvider#kernels()}.
 */
public interface Kernels {

    /** A short name for logs and benchmark tables, such as {@code "panama-512"} or {@code "scalar"}. */
    String name();

    // ---- elementwise, y[i] = f(a[i], b[i]); y may alias a or b ----

    void add(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n);

    void sub(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n);

    void mul(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n);

    void div(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n);

    /** y = max(a, b), NaN if either is NaN. */
    void max(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n);

    /** y = 1 where a < b, else 0 (so NaN gives 0). */
    void lessThan(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n);

    /** y = a where b &gt; 0, else 0 (so NaN in b gives 0): a gradient gated by the ReLU derivative. */
    void wherePositive(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n);

    /** y = a * b + c with one rounding (fused multiply-add). */
    void fma(float[] a, int ao, float[] b, int bo, float[] c, int co, float[] y, int yo, int n);

    /** y = x + s. */
    void addScalar(float s, float[] x, int xo, float[] y, int yo, int n);

    /** y = s * x. */
    void scale(float s, float[] x, int xo, float[] y, int yo, int n);

    /** y = y + alpha * x (BLAS saxpy, fused). */
    void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    /** y = beta * y + (alpha * x), fused; beta must not be 0 (use {@link #scale}, which never reads y). */
    void axpby(float alpha, float[] x, int xo, float beta, float[] y, int yo, int n);

    // ---- elementwise unary ----

    void relu(float[] x, int xo, float[] y, int yo, int n);

    /** y = x for x > 0, slope * x otherwise. */
    void leakyRelu(float slope, float[] x, int xo, float[] y, int yo, int n);

    void abs(float[] x, int xo, float[] y, int yo, int n);

    void sqrt(float[] x, int xo, float[] y, int yo, int n);

    void exp(float[] x, int xo, float[] y, int yo, int n);

    void log(float[] x, int xo, float[] y, int yo, int n);

    void tanh(float[] x, int xo, float[] y, int yo, int n);

    void sigmoid(float[] x, int xo, float[] y, int yo, int n);

    /** y = log(1 + exp(x)), without overflow for large x. */
    void softplus(float[] x, int xo, float[] y, int yo, int n);

    // ---- reductions over one contiguous range ----

    /** Sum of x[xo .. xo+n), accumulated in float blocks and combined in double. */
    double sum(float[] x, int xo, int n);

    /** Sum of (x - mean)^2, the second pass of a two-pass variance. */
    double sumSquaredDeviations(float[] x, int xo, int n, float mean);

    /**
     * One Adam step over n parameters in place (Deep Learning algorithm 8.7):
     * {@code s = ftz(rho1 s + (1 - rho1) g)}, {@code r = ftz(rho2 r + (1 - rho2) g g)},
     * {@code theta -= eps (s / c1) / (sqrt(r / c2) + delta)}, where c1, c2 are the bias
     * corrections and ftz flushes subnormal results to zero. Every implementation performs these
     * operations in this order, without fused multiply-adds, so all give the same bits.
     */
    void adam(float[] theta, float[] g, float[] s, float[] r, int n, float rho1, float rho2, float eps, float c1, float c2,
            float delta);

    /** Maximum, NaN if any element is NaN, -infinity for n == 0. */
    float max(float[] x, int xo, int n);

    /** Index (relative to xo) of the first NaN if there is one, else of the first maximum. */
    int argmax(float[] x, int xo, int n);

    /** y = exp(x - shift), returning the sum of y (the inner step of softmax and log-sum-exp). */
    double expShiftSum(float[] x, int xo, float shift, float[] y, int yo, int n);

    // ---- pooling ----

    /**
     * One output row of 2 x 2 max pooling with stride 2 (Deep Learning section 9.3). Output ow
     * is the first maximum, in the order top-left, top-right, bottom-left, bottom-right, of
     * {@code in[top + 2 ow + {0, 1, width, width + 1}]}, or the first NaN, whose value then
     * propagates; {@code argmax[ao + ow]} receives {@code corner + 2 ow} plus that offset, the
     * input's index within its plane when {@code corner} is the row's offset within the plane.
     */
    void maxPoolTwoByTwoRow(float[] in, int top, int width, int outW, float[] out, int oo, int[] argmax, int ao, int corner);

    /**
     * The adjoint of {@link #maxPoolTwoByTwoRow}: {@code gradIn[plane + argmax[ao + ow]] += gradOut[go + ow]}
     * for ow &lt; outW, where argmax holds the choices that call made for the row at {@code corner}
     * (each lies in its own window); nothing else of gradIn changes.
     */
    void maxUnpoolTwoByTwoRow(float[] gradOut, int go, int[] argmax, int ao, int outW, float[] gradIn, int plane, int corner,
                              int width);

    // ---- GEMM micro-kernel ----

    /** Rows of the register tile: A is packed in micro-panels of {@code gemmMr()} rows. */
    int gemmMr();

    /** Columns of the register tile: B is packed in micro-panels of {@code gemmNr()} columns. */
    int gemmNr();

    /**
     * One register tile of GEMM: for i < MR, j < NR,
     * {@code c[co + i*ldc + j] = sum_p a[ao + p*MR + i] * b[bo + p*bStride + j]}, the sum taken
     * in order p = 0 .. kc-1 by fused multiply-adds from zero. C is only written. {@code bStride}
     * is NR for a packed B panel, or the row stride of an unpacked row-major B.
     */
    void gemmTile(int kc, float[] a, int ao, float[] b, int bo, int bStride, float[] c, int co, int ldc);

    /**
     * The skinny-GEMM tile, 4 x 4 dot products along k:
     * {@code c[co + i*ldc + j] = sum_p a[ao + i*lda + p] * bt[bo + j*ldbt + p]} for i, j < 4,
     * where rows of A and of B^T are contiguous. C is only written. Used when C has too few
     * columns to fill a register tile, so that the large operand A needs no packing.
     */
    void gemmDotTile(int k, float[] a, int ao, int lda, float[] bt, int bo, int ldbt, float[] c, int co, int ldc);

    /**
     * A product with a short inner dimension k, as in a convolution over one input channel
     * (k = kernel taps): for i &lt; m, j &lt; n, {@code y[yo + i*ldy + j]} = the fused multiply-add
     * chain over t = 0 .. k-1 of {@code w[wo + i*k + t] * x[xo + t*ldx + j]} starting from
     * {@code bias[bo + i]} (from 0 when bias is null). Every kernel gives the same bits. Its
     * k rows of x stay in L1 while all m outputs are formed, with no packing.
     */
    void gemmShortK(int m, int n, int k, float[] w, int wo, float[] x, int xo, int ldx, float[] bias, int bo,
                    float[] y, int yo, int ldy);

    /**
     * The weight gradient of {@link #gemmShortK}: for i &lt; m, t &lt; k,
     * {@code g[go + i*k + t] += sum over j < n of dy[dyo + i*ldy + j] * x[xo + t*ldx + j]}, each sum a
     * dot product (its order of addition is the kernel's own, fixed for given arguments).
     */
    void gemmShortKGradient(int m, int n, int k, float[] dy, int dyo, int ldy, float[] x, int xo, int ldx, float[] g, int go);

    // ---- random numbers (counter-based, see deepvec.simd.random.Rng) ----

    /**
     * Uniform floats in [0, 1): y[yo + j] takes 24 bits of {@code mix(key, counter + j/2)},
     * the low half of the 64-bit word for even j and the high half for odd j.
     */
    void uniform(long key, long counter, float[] y, int yo, int n);

    /**
     * Standard normal floats by the Box-Muller transform of the uniform stream of
     * {@link #uniform}: pairs (y[2i], y[2i+1]) come from uniform pair i; an odd n drops the last sine.
     */
    void normal(long key, long counter, float[] y, int yo, int n);

    /** y = 1 where y < p else 0, turning a uniform fill in place into a Bernoulli(p) fill. */
    void bernoulliFromUniform(float p, float[] y, int yo, int n);
}
