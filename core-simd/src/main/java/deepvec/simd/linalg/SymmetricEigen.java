package deepvec.simd.linalg;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Eigendecomposition {@code A = Q diag(lambda) Q^T} of a real symmetric matrix (Deep Learning
 * eq. 2.41) by the cyclic Jacobi method: plane rotations that zero one off-diagonal element at
 * a time until the off-diagonal mass is negligible. Slower than tridiagonal QR for large n but
 * accurate to high relative precision, which suits covariance and Hessian matrices of moderate
 * size. Eigenvalues are returned in ascending order, eigenvectors as the columns of Q.
 */
public final class SymmetricEigen {

    private static final int MAX_SWEEPS = 100;

    private final double[] values;
    private final Matrix vectors;

    private SymmetricEigen(double[] values, Matrix vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /**
     * Decomposes {@code a}, which must be symmetric (to a relative 1e-10).
     *
     * @throws IllegalArgumentException if a is not symmetric
     */
    public static SymmetricEigen of(Matrix a) {
        a.requireSquare("SymmetricEigen");
        int n = a.rows();
        double[] m = a.toArray();
        double scale = Math.max(a.frobeniusNorm(), Double.MIN_NORMAL);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Math.abs(m[i * n + j] - m[j * n + i]) > 1e-10 * scale) {
                    throw new IllegalArgumentException("SymmetricEigen: element (" + i + ", " + j + ") = " + m[i * n + j]
                            + " but (" + j + ", " + i + ") = " + m[j * n + i] + "; expected a symmetric matrix (use Svd otherwise)");
                }
            }
        }
        double[] q = Matrix.identity(n).toArray();
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(m, n) > 1e-30 * scale * scale; sweep++) {
            for (int p = 0; p < n; p++) {
                for (int r = p + 1; r < n; r++) {
                    rotate(m, q, n, p, r);
                }
            }
        }
        return sorted(m, q, n);
    }

    private static double offDiagonal(double[] m, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    s += m[i * n + j] * m[i * n + j];
                }
            }
        }
        return s;
    }

    /** One Jacobi rotation in the (p, r) plane that zeroes m[p][r]; accumulates it into q. */
    private static void rotate(double[] m, double[] q, int n, int p, int r) {
        double apr = m[p * n + r];
        if (apr == 0) {
            return;
        }
        double theta = (m[r * n + r] - m[p * n + p]) / (2 * apr);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < n; k++) {                       // columns p and r
            double mkp = m[k * n + p];
            double mkr = m[k * n + r];
            m[k * n + p] = c * mkp - s * mkr;
            m[k * n + r] = s * mkp + c * mkr;
        }
        for (int k = 0; k < n; k++) {                       // rows p and r
            double mpk = m[p * n + k];
            double mrk = m[r * n + k];
            m[p * n + k] = c * mpk - s * mrk;
            m[r * n + k] = s * mpk + c * mrk;
        }
        for (int k = 0; k < n; k++) {
            double qkp = q[k * n + p];
            double qkr = q[k * n + r];
            q[k * n + p] = c * qkp - s * qkr;
            q[k * n + r] = s * qkp + c * qkr;
        }
    }

    private static SymmetricEigen sorted(double[] m, double[] q, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> m[i * n + i]));
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int c = 0; c < n; c++) {
            values[c] = m[order[c] * n + order[c]];
            for (int k = 0; k < n; k++) {
                vectors[k * n + c] = q[k * n + order[c]];
            }
        }
        return new SymmetricEigen(values, Matrix.wrap(n, n, vectors));
    }

    /** Eigenvalues in ascending order. */
    public double[] values() {
        return values.clone();
    }

    /** Orthonormal eigenvectors as columns, in the order of {@link #values()}. */
    public Matrix vectors() {
        return vectors;
    }
}
