package deepvec.simd.internal;

/**
 * {@link ScalingKernels} in plain loops: the reference the vector kernels are tested
 * against and the fallback without the Vector API.
 */
public final class ScalarScalingKernels implements ScalingKernels {

    @Override
    public void addScalar(float s, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = x[xo + i] + s;
        }
    }

    @Override
    public void scale(float s, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = s * x[xo + i];
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
        }
    }

    @Override
    public void axpby(float alpha, float[] x, int xo, float beta, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.fma(beta, y[yo + i], alpha * x[xo + i]);
        }
    }

    @Override
    public void affine(float s, float t, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.fma(s, x[xo + i], t);
        }
    }

    @Override
    public void combine(float a, float[] x, int xo, float b, float[] z, int zo, float c, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.fma(a, x[xo + i], Math.fma(b, z[zo + i], c));
        }
    }
}
