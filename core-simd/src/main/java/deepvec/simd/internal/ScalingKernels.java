package deepvec.simd.internal;

/**
 * Elementwise operations with a scalar: shifts, scalings and the BLAS-1 updates {@code axpy},
 * {@code axpby}; y may alias x.
 *
 * <p>{@link ScalarScalingKernels} is the reference and the fallback; {@code PanamaScalingKernels} runs on the
 * Vector API.
 */
public interface ScalingKernels {

    /** y = x + s. */
    void addScalar(float s, float[] x, int xo, float[] y, int yo, int n);

    /** y = s * x. */
    void scale(float s, float[] x, int xo, float[] y, int yo, int n);

    /** y = y + alpha * x (BLAS saxpy, fused). */
    void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    /** y = beta * y + (alpha * x), fused; beta must not be 0 (use {@link #scale}, which never reads y). */
    void axpby(float alpha, float[] x, int xo, float beta, float[] y, int yo, int n);

    /** y = s * x + t, fused (one rounding). */
    void affine(float s, float t, float[] x, int xo, float[] y, int yo, int n);

    /** y = a * x + (b * z + c), each product fused with its sum (two roundings). */
    void combine(float a, float[] x, int xo, float b, float[] z, int zo, float c, float[] y, int yo, int n);
}
