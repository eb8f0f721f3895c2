package deepvec.probabilistic.mcmc;

import deepvec.simd.random.Rng;

/**
 * Random-walk Metropolis (Deep Learning section 17.3; Metropolis et al. 1953): propose
 * {@code x' = x + s z} with {@code z ~ N(0, I)}, accept with probability
 * {@code min(1, p~(x') / p~(x))}, else stay. The symmetric proposal makes the acceptance ratio
 * that of Metropolis-Hastings without the proposal terms. The default scale
 * {@code s = 2.38 / sqrt(d)} is optimal for a standard Gaussian target (Roberts, Gelman and
 * Gilks 1997), about 23% acceptance; for other targets the default sampler adapts s during
 * burn-in by a Robbins-Monro recursion {@code log s <- log s + (alpha_t - 0.234) / t^0.6} on the
 * acceptance probability alpha_t, then keeps it fixed, so the kept chain is a proper Markov chain.
 */
public final class RandomWalkMetropolis implements Sampler {

    private static final double OPTIMAL_ACCEPTANCE = 0.234;

    private final double scale;
    private final boolean adapt;

    /** Starting from the scale 2.38 / sqrt(d) of the target's dimension d, adapted during burn-in. */
    public RandomWalkMetropolis() {
        this.scale = Double.NaN;
        this.adapt = true;
    }

    /** With proposal standard deviation {@code scale} in every coordinate, never adapted. */
    public RandomWalkMetropolis(double scale) {
        this(scale, false);
    }

    /** With proposal standard deviation {@code scale} in every coordinate, adapted during burn-in if {@code adapt}. */
    public RandomWalkMetropolis(double scale, boolean adapt) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("the proposal scale must be positive and finite, got " + scale);
        }
        this.scale = scale;
        this.adapt = adapt;
    }

    @Override
    public Chain sample(LogDensity target, double[] initial, int burnIn, int count, Rng rng) {
        double[] x = Sampler.checkedStart(target, initial, burnIn, count);
        int d = x.length;
        double s = Double.isNaN(scale) ? 2.38 / Math.sqrt(d) : scale;
        double logP = target.logDensity(x);
        double[] proposal = new double[d];
        double[][] kept = new double[count][];
        long accepted = 0;
        for (int t = 0; t < burnIn + count; t++) {
            for (int i = 0; i < d; i++) {
                proposal[i] = x[i] + s * rng.nextGaussian();
            }
            double logProposal = target.logDensity(proposal);
            double logRatio = logProposal - logP;
            if (Math.log(rng.nextDouble()) < logRatio) {
                System.arraycopy(proposal, 0, x, 0, d);
                logP = logProposal;
                accepted++;
            }
            if (adapt && t < burnIn) {
                double acceptance = Double.isNaN(logRatio) ? 0 : Math.min(1, Math.exp(logRatio));
                s *= Math.exp((acceptance - OPTIMAL_ACCEPTANCE) / Math.pow(t + 1, 0.6));
            }
            if (t >= burnIn) {
                kept[t - burnIn] = x.clone();
            }
        }
        return new Chain(kept, accepted / (double) (burnIn + count), 1L + burnIn + count);
    }
}
