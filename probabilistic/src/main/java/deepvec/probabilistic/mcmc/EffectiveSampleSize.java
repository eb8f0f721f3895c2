package deepvec.probabilistic.mcmc;

/**
 * The effective sample size of a correlated sequence (Deep Learning section 17.3.1 on mixing):
 * {@code n / (1 + 2 sum_t rho_t)}, with the autocorrelations rho_t summed by Geyer's initial
 * monotone sequence estimator (pairs {@code rho_{2k} + rho_{2k+1}} added while positive and
 * made non-increasing), the estimator Stan and ArviZ use for a single chain. The autocorrelations
 * come from one FFT of the zero-padded, centred sequence, so a long, slowly mixing chain costs
 * O(n log n).
 */
public final class EffectiveSampleSize {

    private EffectiveSampleSize() {
    }

    /** The effective sample size of {@code x}; n for independent draws, much less for a slowly mixing chain. */
    public static double of(double[] x) {
        int n = x.length;
        if (n < 4) {
            throw new IllegalArgumentException("an effective sample size needs at least 4 draws, got " + n);
        }
        double[] rho = autocorrelations(x);
        if (rho == null) {
            return n;                          // a constant sequence: nothing is correlated, nothing to estimate
        }
        double sum = 0;                        // sum over pairs of Gamma_k = rho_{2k} + rho_{2k+1}, Gamma_0 includes rho_0 = 1
        double previous = Double.POSITIVE_INFINITY;
        for (int k = 0; 2 * k + 1 < n; k++) {
            double pair = rho[2 * k] + rho[2 * k + 1];
            if (pair <= 0) {
                break;
            }
            pair = Math.min(pair, previous);   // the initial monotone sequence
            sum += pair;
            previous = pair;
        }
        double tau = -1 + 2 * sum;             // 1 + 2 sum_{t>=1} rho_t
        return n / Math.max(tau, 1.0 / Math.log10(n));
    }

    /** rho_t for t = 0 .. n-1 (biased estimator, divisor n), or null for a constant sequence. */
    static double[] autocorrelations(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        int size = Integer.highestOneBit(2 * n - 1) << 1;
        double[] re = new double[size];
        double[] im = new double[size];
        for (int i = 0; i < n; i++) {
            re[i] = x[i] - mean;
        }
        Fft.transform(re, im, false);
        for (int i = 0; i < size; i++) {       // the power spectrum
            re[i] = re[i] * re[i] + im[i] * im[i];
            im[i] = 0;
        }
        Fft.transform(re, im, true);
        if (!(re[0] > 0)) {
            return null;
        }
        double[] rho = new double[n];
        for (int t = 0; t < n; t++) {
            rho[t] = re[t] / re[0];
        }
        return rho;
    }
}
