package deepvec.simd.internal;

/**
 * Counter-based random fills (see {@code deepvec.simd.random.Rng}): every element is a function
 * of (key, counter), so any range can be filled on any thread with the same bits.
 *
 * <p>{@link ScalarRandomKernels} is the reference and the fallback; {@code PanamaRandomKernels} runs on the
 * Vector API.
 */
public interface RandomKernels {

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
