package deepvec.probabilistic.mcmc;

/**
 * The states a {@link Sampler} kept, with what it cost: {@code samples[t][i]} is coordinate i of
 * the t-th kept state.
 *
 * @param acceptanceRate the fraction of proposals accepted (1 for samplers that always move)
 * @param densityEvaluations log-density (or log-density and gradient) evaluations, burn-in included
 */
public record Chain(double[][] samples, double acceptanceRate, long densityEvaluations) {

    /** The number of kept states. */
    public int length() {
        return samples.length;
    }

    /** The sample mean of each coordinate. */
    public double[] mean() {
        int d = samples[0].length;
        double[] mean = new double[d];
        for (double[] x : samples) {
            for (int i = 0; i < d; i++) {
                mean[i] += x[i];
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] /= samples.length;
        }
        return mean;
    }

    /** The sample covariance matrix (divisor n - 1). */
    public double[][] covariance() {
        int d = samples[0].length;
        double[] mean = mean();
        double[][] cov = new double[d][d];
        for (double[] x : samples) {
            for (int i = 0; i < d; i++) {
                double di = x[i] - mean[i];
                for (int j = 0; j <= i; j++) {
                    cov[i][j] += di * (x[j] - mean[j]);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                cov[i][j] /= samples.length - 1;
                cov[j][i] = cov[i][j];
            }
        }
        return cov;
    }

    /** Coordinate i of every kept state, in order. */
    public double[] trace(int i) {
        double[] trace = new double[samples.length];
        for (int t = 0; t < samples.length; t++) {
            trace[t] = samples[t][i];
        }
        return trace;
    }

    /** The effective sample size of each coordinate ({@link EffectiveSampleSize}). */
    public double[] effectiveSampleSizes() {
        double[] ess = new double[samples[0].length];
        for (int i = 0; i < ess.length; i++) {
            ess[i] = EffectiveSampleSize.of(trace(i));
        }
        return ess;
    }

    /** The smallest effective sample size over the coordinates: what the slowest-mixing direction gives. */
    public double minEffectiveSampleSize() {
        double min = Double.POSITIVE_INFINITY;
        for (double ess : effectiveSampleSizes()) {
            min = Math.min(min, ess);
        }
        return min;
    }
}
