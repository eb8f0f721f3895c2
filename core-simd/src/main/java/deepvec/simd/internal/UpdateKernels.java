package deepvec.simd.internal;

/**
 * Fused parameter updates of the optimisers (Deep Learning chapter 8), in place.
 *
 * <p>{@link ScalarUpdateKernels} is the reference and the fallback; {@code PanamaUpdateKernels} runs on the
 * Vector API.
 */
public interface UpdateKernels {

    /**
     * One Adam step over the parameters [from, to) in place (Deep Learning algorithm 8.7):
     * {@code s = ftz(rho1 s + (1 - rho1) g)}, {@code r = ftz(rho2 r + (1 - rho2) g g)},
     * {@code theta -= eps (s / c1) / (sqrt(r / c2) + delta)}, where c1, c2 are the bias
     * corrections and ftz flushes subnormal results to zero. Every implementation performs these
     * operations in this order, without fused multiply-adds, so all give the same bits.
     */
    void adam(float[] theta, float[] g, float[] s, float[] r, int from, int to, float rho1, float rho2, float eps, float c1, float c2,
            float delta);
}
