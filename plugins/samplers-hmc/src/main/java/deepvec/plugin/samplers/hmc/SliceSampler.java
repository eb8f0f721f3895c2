package deepvec.plugin.samplers.hmc;

import deepvec.probabilistic.mcmc.Chain;
import deepvec.probabilistic.mcmc.LogDensity;
import deepvec.probabilistic.mcmc.Sampler;
import deepvec.simd.random.Rng;

/**
 * Slice sampling (Neal 2003), one coordinate at a time: draw the height
 * {@code log y = log p~(x) - Exp(1)} under the density, find an interval around x_i by stepping
 * out in steps of width w (at most {@code maxSteps} each way) until both ends are below the
 * slice, then draw x_i' uniformly in it, shrinking the interval towards x_i after each draw
 * that falls outside (Neal's figures 3 and 5). Every draw is accepted; it needs no gradient and
 * no step size to be right, only w to be efficient.
 */
public final class SliceSampler implements Sampler {

    private final double width;
    private final int maxSteps;

    /**
     * @param width w, the stepping-out width (about a typical standard deviation is efficient)
     * @param maxSteps the most steps taken out on each side
     */
    public SliceSampler(double width, int maxSteps) {
        if (!(width > 0) || Double.isInfinite(width) || maxSteps < 1) {
            throw new IllegalArgumentException("slice sampling needs a positive, finite width and maxSteps >= 1, got " + width
                    + " and " + maxSteps);
        }
        this.width = width;
        this.maxSteps = maxSteps;
    }

    @Override
    public Chain sample(LogDensity target, double[] initial, int burnIn, int count, Rng rng) {
        double[] x = Sampler.checkedStart(target, initial, burnIn, count);
        double logP = target.logDensity(x);
        long evaluations = 1;
        double[][] kept = new double[count][];
        for (int t = 0; t < burnIn + count; t++) {
            for (int i = 0; i < x.length; i++) {
                double logHeight = logP + Math.log(1 - rng.nextDouble());      // log p~(x) - Exp(1): uniform under the density
                double xi = x[i];
                double left = xi - width * rng.nextDouble();
                double right = left + width;
                int leftSteps = (int) (rng.nextDouble() * maxSteps);
                int rightSteps = maxSteps - 1 - leftSteps;
                for (; leftSteps > 0; leftSteps--, left -= width) {
                    evaluations++;
                    if (at(target, x, i, left) <= logHeight) {
                        break;
                    }
                }
                for (; rightSteps > 0; rightSteps--, right += width) {
                    evaluations++;
                    if (at(target, x, i, right) <= logHeight) {
                        break;
                    }
                }
                while (true) {
                    double candidate = left + (right - left) * rng.nextDouble();
                    double logCandidate = at(target, x, i, candidate);
                    evaluations++;
                    if (logCandidate > logHeight) {
                        x[i] = candidate;
                        logP = logCandidate;
                        break;
                    }
                    if (candidate < xi) {
                        left = candidate;
                    } else {
                        right = candidate;
                    }
                }
            }
            if (t >= burnIn) {
                kept[t - burnIn] = x.clone();
            }
        }
        return new Chain(kept, 1.0, evaluations);
    }

    /** log p~ at x with coordinate i set to {@code value}; x itself is left as it was. */
    private static double at(LogDensity target, double[] x, int i, double value) {
        double saved = x[i];
        x[i] = value;
        double logP = target.logDensity(x);
        x[i] = saved;
        return logP;
    }
}
