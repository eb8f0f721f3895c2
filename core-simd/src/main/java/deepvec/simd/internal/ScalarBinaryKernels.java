package deepvec.simd.internal;

/**
 * {@link BinaryKernels} in plain loops: the reference the vector kernels are tested
 * against and the fallback without the Vector API.
 */
public final class ScalarBinaryKernels implements BinaryKernels {

    @Override
    public void add(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = a[ao + i] + b[bo + i];
        }
    }

    @Override
    public void sub(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = a[ao + i] - b[bo + i];
        }
    }

    @Override
    public void mul(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = a[ao + i] * b[bo + i];
        }
    }

    @Override
    public void div(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = a[ao + i] / b[bo + i];
        }
    }

    @Override
    public void max(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.max(a[ao + i], b[bo + i]);
        }
    }

    @Override
    public void lessThan(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = a[ao + i] < b[bo + i] ? 1f : 0f;
        }
    }

    @Override
    public void wherePositive(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = b[bo + i] > 0f ? a[ao + i] : 0f;
        }
    }

    @Override
    public void fma(float[] a, int ao, float[] b, int bo, float[] c, int co, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.fma(a[ao + i], b[bo + i], c[co + i]);
        }
    }
}
