package deepvec.simd.linalg;

import deepvec.simd.ShapeException;

/**
 * LU factorisation with partial pivoting, {@code P A = L U}: solves square systems and gives
 * the determinant (and its logarithm, which does not overflow for large matrices).
 */
public final class LuDecomposition {

    private final int n;
    private final double[] lu;        // L below the diagonal (unit diagonal implied), U on and above
    private final int[] pivot;
    private final int sign;

    private LuDecomposition(int n, double[] lu, int[] pivot, int sign) {
        this.n = n;
        this.lu = lu;
        this.pivot = pivot;
        this.sign = sign;
    }

    /** Factors {@code a} (square). Never throws for singular input: see {@link #isSingular()}. */
    public static LuDecomposition of(Matrix a) {
        a.requireSquare("LU");
        int n = a.rows();
        double[] lu = a.toArray();
        int[] pivot = new int[n];
        int sign = 1;
        for (int i = 0; i < n; i++) {
            pivot[i] = i;
        }
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(lu[i * n + k]) > Math.abs(lu[p * n + k])) {
                    p = i;
                }
            }
            if (p != k) {
                for (int j = 0; j < n; j++) {
                    double t = lu[p * n + j];
                    lu[p * n + j] = lu[k * n + j];
                    lu[k * n + j] = t;
                }
                int t = pivot[p];
                pivot[p] = pivot[k];
                pivot[k] = t;
                sign = -sign;
            }
            double ukk = lu[k * n + k];
            if (ukk == 0) {
                continue;
            }
            for (int i = k + 1; i < n; i++) {
                double f = lu[i * n + k] / ukk;
                lu[i * n + k] = f;
                for (int j = k + 1; j < n; j++) {
                    lu[i * n + j] -= f * lu[k * n + j];
                }
            }
        }
        return new LuDecomposition(n, lu, pivot, sign);
    }

    /** True when a pivot is exactly zero or below n * eps of the largest one. */
    public boolean isSingular() {
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, Math.abs(lu[i * n + i]));
        }
        for (int i = 0; i < n; i++) {
            if (Math.abs(lu[i * n + i]) <= n * Math.ulp(largest)) {
                return true;
            }
        }
        return n > 0 && largest == 0;
    }

    /** det A. */
    public double determinant() {
        double d = sign;
        for (int i = 0; i < n; i++) {
            d *= lu[i * n + i];
        }
        return d;
    }

    /** log |det A| (-infinity when singular). */
    public double logAbsDeterminant() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(Math.abs(lu[i * n + i]));
        }
        return s;
    }

    /** The sign of det A: -1, 0 or 1 (exact, even where {@link #determinant()} over- or underflows). */
    public int determinantSign() {
        int s = sign;
        for (int i = 0; i < n; i++) {
            double pivotValue = lu[i * n + i];
            if (pivotValue == 0) {
                return 0;
            }
            if (pivotValue < 0) {
                s = -s;
            }
        }
        return s;
    }

    /**
     * x with A x = b, for b of shape n x k.
     *
     * @throws SingularMatrixException if A is singular to working precision
     */
    public Matrix solve(Matrix b) {
        if (b.rows() != n) {
            throw new ShapeException("LU.solve: b has " + b.rows() + " rows; expected " + n);
        }
        if (isSingular()) {
            throw new SingularMatrixException("LU.solve: the " + n + " x " + n
                    + " matrix is singular to working precision; use the pseudo-inverse for least squares");
        }
        int k = b.cols();
        double[] src = b.raw();
        double[] x = new double[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(src, pivot[i] * k, x, i * k, k);
        }
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                double s = x[i * k + c];
                for (int p = 0; p < i; p++) {
                    s -= lu[i * n + p] * x[p * k + c];
                }
                x[i * k + c] = s;
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = x[i * k + c];
                for (int p = i + 1; p < n; p++) {
                    s -= lu[i * n + p] * x[p * k + c];
                }
                x[i * k + c] = s / lu[i * n + i];
            }
        }
        return Matrix.wrap(n, k, x);
    }
}
