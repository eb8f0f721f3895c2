package deepvec.simd.internal;

/**
 * Elementwise binary operations, {@code y[i] = f(a[i], b[i])} over contiguous ranges; y may alias
 * a or b.
 *
 * <p>{@link ScalarBinaryKernels} is the reference and the fallback; {@code PanamaBinaryKernels} runs on the
 * Vector API.
 */
public interface BinaryKernels {

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
}
