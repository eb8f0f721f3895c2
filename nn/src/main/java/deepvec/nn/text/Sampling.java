package deepvec.nn.text;

import deepvec.simd.random.Rng;

/** Draws from discrete distributions given by their (unnormalised) weights. */
final class Sampling {

    private Sampling() {
    }

    /** An index drawn with probability proportional to {@code weights[i]} (non-negative, not all zero). */
    static int categorical(double[] weights, Rng rng) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        if (!(total > 0) || Double.isInfinite(total)) {
            throw new IllegalArgumentException("weights summing to " + total + " are not a distribution");
        }
        double u = rng.nextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < weights.length; i++) {
            cumulative += weights[i];
            if (u < cumulative) {
                return i;
            }
        }
        for (int i = weights.length - 1; i >= 0; i--) {      // rounding left u at the total: the last index with weight
            if (weights[i] > 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable: the total is positive");
    }
}
