package deepvec.plugin.samplers.hmc;

import deepvec.probabilistic.mcmc.Chain;
import deepvec.probabilistic.mcmc.LogDensity;
import deepvec.probabilistic.mcmc.Sampler;
import deepvec.simd.random.Rng;

/**
 * Hamiltonian Monte Carlo (Duane et al. 1987; Neal 2011): the state x gets a Gaussian momentum
 * p ~ N(0, I), the pair follows Hamilton's equations for {@code H(x, p) = -log p~(x) + p'p / 2}
 * through L leapfrog steps of size eps,
 * <pre>
 *   p &lt;- p + (eps/2) grad log p~(x);   x &lt;- x + eps p;   p &lt;- p + (eps/2) grad log p~(x)
 * </pre>
 * and the end point is accepted with probability {@code min(1, exp(H_start - H_end))}, which
 * makes the chain leave p(x) invariant exactly; the leapfrog's small energy error keeps that
 * probability high over long, gradient-guided moves, where random-walk Metropolis needs
 * O(d) times more steps for an independent draw.
 *
 * <p>During burn-in the step size is tuned by dual averaging (Hoffman and Gelman 2014,
 * section 3.2) towards a mean acceptance probability {@code targetAcceptance}, then fixed, so
 * the kept chain is a proper Markov chain. Each transition's step size is jittered uniformly by
 * +-{@code jitter} to avoid periodic trajectories (Neal 2011, section 5.4.2.2).
 */
public final class HamiltonianMonteCarlo implements Sampler {

    private final double initialStepSize;
    private final int leapfrogSteps;
    private final double jitter;
    private final double targetAcceptance;
    private final boolean adapt;

    /**
     * @param stepSize eps (the starting value when adapting)
     * @param leapfrogSteps L
     * @param jitter the relative jitter of eps per transition, in [0, 1)
     * @param targetAcceptance the mean acceptance probability adaptation aims at, in (0, 1)
     * @param adapt whether burn-in tunes eps
     */
    public HamiltonianMonteCarlo(double stepSize, int leapfrogSteps, double jitter, double targetAcceptance, boolean adapt) {
        if (!(stepSize > 0) || Double.isInfinite(stepSize) || leapfrogSteps < 1 || !(jitter >= 0 && jitter < 1)
                || !(targetAcceptance > 0 && targetAcceptance < 1)) {
            throw new IllegalArgumentException("HMC needs a positive step size, at least one leapfrog step, jitter in [0, 1) and a "
                    + "target acceptance in (0, 1); got " + stepSize + ", " + leapfrogSteps + ", " + jitter + ", " + targetAcceptance);
        }
        this.initialStepSize = stepSize;
        this.leapfrogSteps = leapfrogSteps;
        this.jitter = jitter;
        this.targetAcceptance = targetAcceptance;
        this.adapt = adapt;
    }

    @Override
    public Chain sample(LogDensity target, double[] initial, int burnIn, int count, Rng rng) {
        double[] x = Sampler.checkedStart(target, initial, burnIn, count);
        int d = x.length;
        double[] gradient = new double[d];
        double logP = target.logDensityAndGradient(x, gradient);
        double[] proposal = new double[d];
        double[] proposalGradient = new double[d];
        double[] momentum = new double[d];
        DualAveraging tuning = new DualAveraging(initialStepSize, targetAcceptance);
        double stepSize = initialStepSize;
        double[][] kept = new double[count][];
        long accepted = 0;
        long evaluations = 1;
        for (int t = 0; t < burnIn + count; t++) {
            double kinetic = 0;
            for (int i = 0; i < d; i++) {
                momentum[i] = rng.nextGaussian();
                kinetic += momentum[i] * momentum[i];
            }
            double startEnergy = -logP + kinetic / 2;
            System.arraycopy(x, 0, proposal, 0, d);
            System.arraycopy(gradient, 0, proposalGradient, 0, d);
            double eps = stepSize * (1 + jitter * (2 * rng.nextDouble() - 1));
            double proposalLogP = leapfrog(target, proposal, momentum, proposalGradient, eps);
            evaluations += leapfrogSteps;
            double endKinetic = 0;
            for (double p : momentum) {
                endKinetic += p * p;
            }
            double logAcceptance = startEnergy - (-proposalLogP + endKinetic / 2);   // NaN for a diverged trajectory: rejected
            double acceptance = Double.isNaN(logAcceptance) ? 0 : Math.min(1, Math.exp(logAcceptance));
            if (rng.nextDouble() < acceptance) {
                System.arraycopy(proposal, 0, x, 0, d);
                System.arraycopy(proposalGradient, 0, gradient, 0, d);
                logP = proposalLogP;
                accepted++;
            }
            if (t < burnIn && adapt) {
                stepSize = t == burnIn - 1 ? tuning.finalStepSize(acceptance) : tuning.next(acceptance);
            }
            if (t >= burnIn) {
                kept[t - burnIn] = x.clone();
            }
        }
        return new Chain(kept, accepted / (double) (burnIn + count), evaluations);
    }

    /** L leapfrog steps from (x, p) in place; returns log p~ at the end, whose gradient is left in {@code gradient}. */
    private double leapfrog(LogDensity target, double[] x, double[] p, double[] gradient, double eps) {
        int d = x.length;
        double logP = Double.NaN;
        for (int i = 0; i < d; i++) {
            p[i] += eps / 2 * gradient[i];
        }
        for (int step = 0; step < leapfrogSteps; step++) {
            for (int i = 0; i < d; i++) {
                x[i] += eps * p[i];
            }
            logP = target.logDensityAndGradient(x, gradient);
            if (!Double.isFinite(logP)) {
                return Double.NaN;       // left the support or diverged: the proposal is rejected
            }
            double half = step == leapfrogSteps - 1 ? eps / 2 : eps;
            for (int i = 0; i < d; i++) {
                p[i] += half * gradient[i];
            }
        }
        return logP;
    }
}
