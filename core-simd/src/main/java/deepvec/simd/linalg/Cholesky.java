package deepvec.simd.linalg;

import deepvec.simd.ShapeException;

/**
 * Cholesky factorisation {@code A = L L^T} of a symmetric positive definite matrix, with L
 * lower triangular. Solves {@code A x = b} by two triangular solves and gives
 * {@code log det A = 2 sum_i log L_ii} without overflow (used for Gaussian log-densities).
 */
public final class Cholesky {

    private final int n;
    private final double[] lower;

    private Cholesky(int n, double[] lower) {
        this.n = n;
        this.lower = lower;
    }

    /**
     * Factors {@code a}; only its lower triangle is read.
     *
     * @throws NotPositiveDefiniteException naming the first pivot that is not positive
     */
    public static Cholesky of(Matrix a) {
        a.requireSquare("Cholesky");
        int n = a.rows();
        double[] src = a.raw();
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            double diag = src[j * n + j];
            for (int k = 0; k < j; k++) {
                diag -= l[j * n + k] * l[j * n + k];
            }
            if (!(diag > 0)) {
                throw new NotPositiveDefiniteException("Cholesky: pivot " + j + " is " + diag
                        + "; the matrix is not positive definite (add a ridge, e.g. lambda I, if it should be)");
            }
            double ljj = Math.sqrt(diag);
            l[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double s = src[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = s / ljj;
            }
        }
        return new Cholesky(n, l);
    }

    /** The lower-triangular factor L. */
    public Matrix lower() {
        return Matrix.wrap(n, n, lower.clone());
    }

    /** x with A x = b, for b of shape n x k. */
    public Matrix solve(Matrix b) {
        if (b.rows() != n) {
            throw new ShapeException("Cholesky.solve: b has " + b.rows() + " rows; expected " + n);
        }
        int k = b.cols();
        double[] x = b.toArray();
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {                 // L y = b
                double s = x[i * k + c];
                for (int p = 0; p < i; p++) {
                    s -= lower[i * n + p] * x[p * k + c];
                }
                x[i * k + c] = s / lower[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--) {            // L^T x = y
                double s = x[i * k + c];
                for (int p = i + 1; p < n; p++) {
                    s -= lower[p * n + i] * x[p * k + c];
                }
                x[i * k + c] = s / lower[i * n + i];
            }
        }
        return Matrix.wrap(n, k, x);
    }

    /** log det A. */
    public double logDeterminant() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(lower[i * n + i]);
        }
        return 2 * s;
    }
}
