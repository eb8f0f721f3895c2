package deepvec.simd.internal;

/**
 * The counter-based generator behind {@code Rng}: word {@code c} of stream {@code key} is
 * SplitMix64's output function applied to {@code key + (c + 1) * GOLDEN_GAMMA}. Because each
 * word depends only on (key, counter), any split of a fill over threads gives the same numbers.
 */
public final class CounterMix {

    /** 2^64 / golden ratio, the SplitMix64 increment. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    static final long MIX_1 = 0xBF58476D1CE4E5B9L;
    static final long MIX_2 = 0x94D049BB133111EBL;

    /** 2^-24: a 24-bit integer times this is a float in [0, 1) with every value exact. */
    static final float INV_2_POW_24 = 0x1.0p-24f;

    private CounterMix() {
    }

    /** The 64-bit word at {@code counter} of stream {@code key}. */
    public static long word(long key, long counter) {
        long z = key + (counter + 1) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * MIX_1;
        z = (z ^ (z >>> 27)) * MIX_2;
        return z ^ (z >>> 31);
    }

    /** A 32-bit half of a word as a uniform float in [0, 1). */
    static float unit(int bits) {
        return (bits >>> 8) * INV_2_POW_24;
    }
}
