package deepvec.probabilistic.mcmc;

import deepvec.simd.random.Rng;

/**
 * A Markov chain Monte Carlo method (Deep Learning section 17.3): a transition operator whose
 * stationary distribution is the target p(x) = p~(x) / Z, run from an initial state. The same
 * seed gives the same chain, bit for bit.
 */
public interface Sampler {

    /**
     * Runs the chain for {@code burnIn + count} transitions from {@code initial} and keeps the
     * last {@code count} states.
     *
     * @param initial x_0, of length {@code target.dimension()}, with finite log-density
     * @throws IllegalArgumentException if the initial state has the wrong length or zero density
     */
    Chain sample(LogDensity target, double[] initial, int burnIn, int count, Rng rng);

    /** Checks what every sampler requires of its arguments, and returns a copy of the initial state. */
    static double[] checkedStart(LogDensity target, double[] initial, int burnIn, int count) {
        if (initial.length != target.dimension()) {
            throw new IllegalArgumentException("the initial state has length " + initial.length + "; the target is over R^"
                    + target.dimension());
        }
        if (burnIn < 0 || count < 1) {
            throw new IllegalArgumentException("burn-in must be >= 0 and count >= 1, got " + burnIn + " and " + count);
        }
        if (!(target.logDensity(initial) > Double.NEGATIVE_INFINITY)) {
            throw new IllegalArgumentException("the initial state has log-density " + target.logDensity(initial)
                    + "; start the chain where the target is positive");
        }
        return initial.clone();
    }
}
