package deepvec.simd.internal;

/**
 * {@link ReductionKernels} in plain loops: the reference the vector kernels are tested
 * against and the fallback without the Vector API.
 */
public final class ScalarReductionKernels implements ReductionKernels {

    @Override
    public double sum(float[] x, int xo, int n) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += x[xo + i];
        }
        return total;
    }

    @Override
    public double sumSquaredDeviations(float[] x, int xo, int n, float mean) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            double d = x[xo + i] - (double) mean;
            total += d * d;
        }
        return total;
    }

    @Override
    public float max(float[] x, int xo, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[xo + i]);
        }
        return m;
    }

    @Override
    public int argmax(float[] x, int xo, int n) {
        int best = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            if (v != v) {
                return i;
            }
            if (v > x[xo + best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public double expShiftSum(float[] x, int xo, float shift, float[] y, int yo, int n) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[xo + i] - shift);
            y[yo + i] = e;
            total += e;
        }
        return total;
    }

    @Override
    public double dot(float[] x, int xo, float[] y, int yo, int n) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += (double) x[xo + i] * y[yo + i];
        }
        return total;
    }
}
