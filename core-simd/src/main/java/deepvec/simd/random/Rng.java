package deepvec.simd.random;

import deepvec.simd.ComputePool;
import deepvec.simd.Tensor;
import deepvec.simd.internal.CounterMix;
import deepvec.simd.internal.KernelProvider;
import deepvec.simd.internal.Kernels;

/**
 * A seedable, splittable, counter-based random generator. Its stream is a sequence of 64-bit
 * words, word c being a SplitMix64 hash of (key, c); each word gives two floats. Because a
 * number depends only on its position, fills are vectorised and split over threads with
 * results bit-identical to a single-threaded fill.
 *
 * <p>An {@code Rng} is a cursor into its stream and is not thread-safe; give each thread its
 * own with {@link #split()} or {@link #fork(long)}.
 *
 * <pre>{@code
 * Rng rng = Rng.seeded(42);
 * Tensor w = rng.normal(0f, 0.01f, 784, 256);
 * }</pre>
 */
public final class Rng {

    /** Fills at least this long are split over the compute pool. */
    private static final int PARALLEL_MIN = 1 << 18;

    private final long key;
    private long counter;
    private long splits;

    private Rng(long key) {
        this.key = key;
    }

    /** A generator whose whole stream is determined by {@code seed}. */
    public static Rng seeded(long seed) {
        return new Rng(CounterMix.word(seed, -1));
    }

    /** A statistically independent generator, derived from this one's key and split count. */
    public Rng split() {
        return new Rng(CounterMix.word(key ^ 0x5DEECE66DL, splits++ | Long.MIN_VALUE));
    }

    /** The independent generator number {@code stream} of this key, regardless of this cursor. */
    public Rng fork(long stream) {
        return new Rng(CounterMix.word(key, stream ^ 0x6A09E667F3BCC909L) ^ CounterMix.GOLDEN_GAMMA);
    }

    /**
     * The cursor: how many 64-bit words this generator has used. With the seed, it is the whole
     * state that {@link #seek(long)} restores (generators made by {@link #split()} are not part of it).
     */
    public long position() {
        return counter;
    }

    /** Moves the cursor to {@code position}, so the next number is the one drawn there before. */
    public void seek(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("rng position must be >= 0, got " + position);
        }
        counter = position;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        return CounterMix.word(key, counter++);
    }

    /** A uniform int in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("nextInt bound must be positive, got " + bound);
        }
        long threshold = (1L << 32) % bound;
        while (true) {
            long bits = nextLong() >>> 32;
            if (bits >= threshold) {
                return (int) (bits % bound);
            }
        }
    }

    /** A uniform float in [0, 1). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** A uniform double in [0, 1), from the top 53 bits of one draw. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * A standard normal double (Box-Muller on two draws; the second value of the pair is not
     * kept, so every call advances the generator by exactly two positions).
     */
    public double nextGaussian() {
        double u = 1.0 - nextDouble();          // (0, 1]: the logarithm stays finite
        double v = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    /** Fills {@code y[offset .. offset+n)} with uniform floats in [0, 1). */
    public void uniform(float[] y, int offset, int n) {
        fill(Kind.UNIFORM, 0f, y, offset, n);
    }

    /** Fills with normal floats of the given mean and standard deviation (Box-Muller). */
    public void normal(float mean, float std, float[] y, int offset, int n) {
        fill(Kind.NORMAL, 0f, y, offset, n);
        affine(std, mean, y, offset, n);
    }

    /** Fills with 1 (probability p) or 0 (probability 1 - p). */
    public void bernoulli(float p, float[] y, int offset, int n) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("Bernoulli probability must be in [0, 1], got " + p);
        }
        fill(Kind.BERNOULLI, p, y, offset, n);
    }

    /**
     * Fills {@code y[offset + i]} with 1 (probability {@code probs[probsOffset + i]}) or 0: one
     * independent Bernoulli draw per element, as when sampling binary units.
     *
     * @throws IllegalArgumentException naming the first probability outside [0, 1]
     */
    public void bernoulli(float[] probs, int probsOffset, float[] y, int offset, int n) {
        for (int i = 0; i < n; i++) {
            float p = probs[probsOffset + i];
            if (!(p >= 0f && p <= 1f)) {
                throw new IllegalArgumentException("Bernoulli probability " + (probsOffset + i) + " is " + p + "; expected [0, 1]");
            }
        }
        uniform(y, offset, n);
        KernelProvider.kernels().binary().lessThan(y, offset, probs, probsOffset, y, offset, n);
    }

    /** A new tensor of uniform floats in [low, high). */
    public Tensor uniform(float low, float high, int... shape) {
        Tensor t = Tensor.zeros(shape);
        uniform(t.data(), 0, t.size());
        affine(high - low, low, t.data(), 0, t.size());
        return t;
    }

    /** A new tensor of normal floats. */
    public Tensor normal(float mean, float std, int... shape) {
        Tensor t = Tensor.zeros(shape);
        normal(mean, std, t.data(), 0, t.size());
        return t;
    }

    /** y = scale * y + shift, skipped for the identity so unit draws stay exact. */
    private static void affine(float scale, float shift, float[] y, int offset, int n) {
        if (scale == 1f && shift == 0f) {
            return;
        }
        for (int i = offset; i < offset + n; i++) {
            y[i] = Math.fma(scale, y[i], shift);
        }
    }

    private enum Kind { UNIFORM, NORMAL, BERNOULLI }

    private void fill(Kind kind, float p, float[] y, int offset, int n) {
        if (offset < 0 || n < 0 || offset + n > y.length) {
            throw new IndexOutOfBoundsException("fill of " + n + " floats from offset " + offset
                    + " does not fit an array of " + y.length);
        }
        long start = counter;
        counter += (n + 1) / 2; // two floats per word
        ComputePool pool = ComputePool.current();
        int parts = n < PARALLEL_MIN ? 1 : pool.threads();
        // chunks start on even floats, so each begins at a whole word of the stream
        int chunk = ((n + parts - 1) / parts + 1) & ~1;
        pool.parallelFor((n + chunk - 1) / Math.max(chunk, 1), part -> {
            int from = part * chunk;
            int len = Math.min(chunk, n - from);
            fillRange(kind, p, start + from / 2, y, offset + from, len);
        });
    }

    private void fillRange(Kind kind, float p, long wordCounter, float[] y, int offset, int n) {
        Kernels kernels = KernelProvider.kernels();
        switch (kind) {
            case UNIFORM -> kernels.random().uniform(key, wordCounter, y, offset, n);
            case NORMAL -> kernels.random().normal(key, wordCounter, y, offset, n);
            case BERNOULLI -> {
                kernels.random().uniform(key, wordCounter, y, offset, n);
                kernels.random().bernoulliFromUniform(p, y, offset, n);
            }
        }
    }
}
