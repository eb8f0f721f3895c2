package deepvec.simd.internal;

/**
 * {@link UnaryKernels} in plain loops: the reference the vector kernels are tested
 * against and the fallback without the Vector API. Transcendentals use {@link Math} in double and round once.
 */
public final class ScalarUnaryKernels implements UnaryKernels {

    @Override
    public void relu(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            y[yo + i] = v < 0f ? 0f : v; // NaN passes through
        }
    }

    @Override
    public void leakyRelu(float slope, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            y[yo + i] = v > 0f ? v : slope * v;
        }
    }

    @Override
    public void abs(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.abs(x[xo + i]);
        }
    }

    @Override
    public void sqrt(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) Math.sqrt(x[xo + i]);
        }
    }

    @Override
    public void exp(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) Math.exp(x[xo + i]);
        }
    }

    @Override
    public void log(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) Math.log(x[xo + i]);
        }
    }

    @Override
    public void tanh(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) Math.tanh(x[xo + i]);
        }
    }

    @Override
    public void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) sigmoid((double) x[xo + i]);
        }
    }

    /** The logistic function in double, without overflow: exp is only taken of -|x|. */
    static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        return x >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    @Override
    public void softplus(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            double v = x[xo + i];
            y[yo + i] = (float) (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
        }
    }
}
