package deepvec.plugin.layers.extra;

/**
 * The error function by Abramowitz and Stegun's formula 7.1.26: for x >= 0,
 * {@code erf(x) = 1 - (a1 t + a2 t^2 + a3 t^3 + a4 t^4 + a5 t^5) e^(-x^2)} with
 * {@code t = 1 / (1 + p x)}, absolute error below 1.5e-7; odd symmetry for x < 0. Where GELU uses
 * it, {@code Phi(x) = (1 + erf(x / sqrt 2)) / 2}, that error is below float32's resolution of Phi.
 */
final class Erf {

    private static final double P = 0.3275911;
    private static final double[] A = {0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429};

    private Erf() {
    }

    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + P * z);
        double polynomial = t * (A[0] + t * (A[1] + t * (A[2] + t * (A[3] + t * A[4]))));
        double value = 1 - polynomial * Math.exp(-z * z);
        return x >= 0 ? value : -value;
    }
}
