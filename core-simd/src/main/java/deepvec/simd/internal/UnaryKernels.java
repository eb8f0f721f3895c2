package deepvec.simd.internal;

/**
 * Elementwise functions {@code y[i] = f(x[i])}: rectifiers and the transcendentals, the latter
 * accurate to a few ulp over the whole float range (NaN and infinities included); y may alias x.
 *
 * <p>{@link ScalarUnaryKernels} is the reference and the fallback; {@code PanamaUnaryKernels} runs on the
 * Vector API.
 */
public interface UnaryKernels {

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
}
