package deepvec.simd.linalg;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Thin singular value decomposition {@code A = U diag(s) V^T} (Deep Learning eq. 2.43) by
 * one-sided Jacobi (Hestenes): rotations of column pairs of A until all columns are mutually
 * orthogonal. It attains high relative accuracy even for small singular values, so condition
 * numbers and pseudo-inverses of ill-conditioned matrices come out right. For an m x n matrix
 * with k = min(m, n): U is m x k, s has k values in descending order, V is n x k.
 */
public final class Svd {

    private static final int MAX_SWEEPS = 80;

    private final Matrix u;
    private final double[] s;
    private final Matrix v;

    private Svd(Matrix u, double[] s, Matrix v) {
        this.u = u;
        this.s = s;
        this.v = v;
    }

    /** Decomposes {@code a}. */
    public static Svd of(Matrix a) {
        if (a.rows() < a.cols()) {
            Svd t = of(a.transpose());
            return new Svd(t.v, t.s, t.u);
        }
        int m = a.rows();
        int n = a.cols();
        double[] w = a.toArray();                       // columns become U * diag(s)
        double[] vv = Matrix.identity(n).toArray();
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    rotated |= orthogonalise(w, vv, m, n, i, j);
                }
            }
            if (!rotated) {
                break;
            }
        }
        return sorted(w, vv, m, n);
    }

    /** Rotates columns i and j of w (and v) to make them orthogonal; false if they already are. */
    private static boolean orthogonalise(double[] w, double[] v, int m, int n, int i, int j) {
        double alpha = 0;
        double beta = 0;
        double gamma = 0;
        for (int k = 0; k < m; k++) {
            double wi = w[k * n + i];
            double wj = w[k * n + j];
            alpha += wi * wi;
            beta += wj * wj;
            gamma += wi * wj;
        }
        if (gamma == 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) {
            return false;
        }
        double zeta = (beta - alpha) / (2 * gamma);
        double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        if (zeta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(1 + t * t);
        double s = c * t;
        rotateColumns(w, m, n, i, j, c, s);
        rotateColumns(v, n, n, i, j, c, s);
        return true;
    }

    private static void rotateColumns(double[] x, int rows, int cols, int i, int j, double c, double s) {
        for (int k = 0; k < rows; k++) {
            double xi = x[k * cols + i];
            double xj = x[k * cols + j];
            x[k * cols + i] = c * xi - s * xj;
            x[k * cols + j] = s * xi + c * xj;
        }
    }

    private static Svd sorted(double[] w, double[] vv, int m, int n) {
        double[] norms = new double[n];
        for (int c = 0; c < n; c++) {
            double sum = 0;
            for (int k = 0; k < m; k++) {
                sum += w[k * n + c] * w[k * n + c];
            }
            norms[c] = Math.sqrt(sum);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> -norms[i]));
        double[] s = new double[n];
        double[] u = new double[m * n];
        double[] v = new double[n * n];
        for (int c = 0; c < n; c++) {
            int from = order[c];
            s[c] = norms[from];
            for (int k = 0; k < m; k++) {
                u[k * n + c] = s[c] == 0 ? 0 : w[k * n + from] / s[c];  // null directions: zero column
            }
            for (int k = 0; k < n; k++) {
                v[k * n + c] = vv[k * n + from];
            }
        }
        return new Svd(Matrix.wrap(m, n, u), s, Matrix.wrap(n, n, v));
    }

    /** Left singular vectors as columns (m x k); a column is zero where its singular value is 0. */
    public Matrix u() {
        return u;
    }

    /** Singular values, descending. */
    public double[] singularValues() {
        return s.clone();
    }

    /** Right singular vectors as columns (n x k). */
    public Matrix v() {
        return v;
    }

    /** Number of singular values above {@code tolerance}. */
    public int rank(double tolerance) {
        int r = 0;
        for (double value : s) {
            if (value > tolerance) {
                r++;
            }
        }
        return r;
    }

    /** The default cut-off below which singular values count as zero: max(m, n) * eps * s_max. */
    public double defaultTolerance() {
        return s.length == 0 ? 0 : Math.max(u.rows(), v.rows()) * Math.ulp(s[0]);
    }
}
