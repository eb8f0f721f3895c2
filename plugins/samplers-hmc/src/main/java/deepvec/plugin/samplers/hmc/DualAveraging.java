package deepvec.plugin.samplers.hmc;

/**
 * Nesterov's dual averaging as Hoffman and Gelman (2014, algorithm 5) apply it to an HMC step
 * size: after the m-th transition with acceptance probability alpha_m,
 * <pre>
 *   H_m = (1 - 1/(m + t0)) H_{m-1} + (delta - alpha_m) / (m + t0)
 *   log eps_m = mu - sqrt(m) / gamma H_m,    log epsbar_m = m^-kappa log eps_m + (1 - m^-kappa) log epsbar_{m-1}
 * </pre>
 * with mu = log(10 eps_0), gamma = 0.05, t0 = 10, kappa = 0.75: eps_m explores, epsbar_m converges
 * to the step size whose mean acceptance is delta, and is the one kept after burn-in.
 */
final class DualAveraging {

    private static final double GAMMA = 0.05;
    private static final double T0 = 10;
    private static final double KAPPA = 0.75;

    private final double mu;
    private final double delta;
    private double h;
    private double logAverage;
    private int m;

    DualAveraging(double initialStepSize, double delta) {
        this.mu = Math.log(10 * initialStepSize);
        this.delta = delta;
    }

    /** The step size for the next transition, after one with acceptance probability {@code acceptance}. */
    double next(double acceptance) {
        m++;
        h = (1 - 1 / (m + T0)) * h + (delta - acceptance) / (m + T0);
        double logStep = mu - Math.sqrt(m) / GAMMA * h;
        double weight = Math.pow(m, -KAPPA);
        logAverage = weight * logStep + (1 - weight) * logAverage;
        return Math.exp(logStep);
    }

    /** The averaged step size, to keep once burn-in ends, after a last update. */
    double finalStepSize(double acceptance) {
        next(acceptance);
        return Math.exp(logAverage);
    }
}
