package deepvec.simd.linalg;

/**
 * Whole-matrix functions built on the decompositions: solve, determinant, pseudo-inverse and
 * condition number.
 */
public final class LinearAlgebra {

    private LinearAlgebra() {
    }

    /**
     * x with A x = b for square A.
     *
     * @throws SingularMatrixException if A is singular to working precision
     */
    public static Matrix solve(Matrix a, Matrix b) {
        return LuDecomposition.of(a).solve(b);
    }

    /** det A. */
    public static double determinant(Matrix a) {
        return LuDecomposition.of(a).determinant();
    }

    /** log |det A|; combine with {@link LuDecomposition#determinantSign()} for the sign. */
    public static double logAbsDeterminant(Matrix a) {
        return LuDecomposition.of(a).logAbsDeterminant();
    }

    /**
     * Moore-Penrose pseudo-inverse {@code A+ = V diag(1/s) U^T} (Deep Learning eq. 2.47), with
     * singular values at or below {@link Svd#defaultTolerance()} treated as zero. For a full
     * column rank A, {@code A+ b} is the least-squares solution; otherwise the minimum-norm one.
     */
    public static Matrix pseudoInverse(Matrix a) {
        Svd svd = Svd.of(a);
        return pseudoInverse(svd, svd.defaultTolerance());
    }

    /** Pseudo-inverse with an explicit cut-off for singular values. */
    public static Matrix pseudoInverse(Svd svd, double tolerance) {
        double[] s = svd.singularValues();
        double[] u = svd.u().raw();
        double[] v = svd.v().raw();
        int m = svd.u().rows();
        int n = svd.v().rows();
        int k = s.length;
        double[] out = new double[n * m];
        for (int c = 0; c < k; c++) {
            if (s[c] <= tolerance) {
                continue;
            }
            double inv = 1 / s[c];
            for (int i = 0; i < n; i++) {
                double vi = v[i * k + c] * inv;
                for (int j = 0; j < m; j++) {
                    out[i * m + j] += vi * u[j * k + c];
                }
            }
        }
        return Matrix.wrap(n, m, out);
    }

    /** 2-norm condition number s_max / s_min; infinity for a singular matrix. */
    public static double conditionNumber(Matrix a) {
        double[] s = Svd.of(a).singularValues();
        if (s.length == 0) {
            return 0;
        }
        double smallest = s[s.length - 1];
        return smallest == 0 ? Double.POSITIVE_INFINITY : s[0] / smallest;
    }
}
