package deepvec.simd.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.simd.ShapeException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Decompositions checked by the identities that define them. */
class LinearAlgebraTest {

    private static Matrix random(long seed, int rows, int cols) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return Matrix.of(rows, cols, v);
    }

    private static Matrix spd(long seed, int n) {
        Matrix x = random(seed, n + 3, n);
        Matrix g = x.transpose().multiply(x);
        double[] v = g.toArray();
        for (int i = 0; i < n; i++) {
            v[i * n + i] += 0.1;
        }
        return Matrix.of(n, n, v);
    }

    private static Matrix hilbert(int n) {
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                v[i * n + j] = 1.0 / (i + j + 1);
            }
        }
        return Matrix.of(n, n, v);
    }

    private static void assertClose(Matrix expected, Matrix actual, double tol) {
        double err = expected.minus(actual).frobeniusNorm();
        assertTrue(err <= tol * Math.max(1, expected.frobeniusNorm()), "error " + err);
    }

    @Test
    void choleskyReconstructsAndSolves() {
        Matrix a = spd(1, 9);
        Cholesky c = Cholesky.of(a);
        Matrix l = c.lower();
        assertClose(a, l.multiply(l.transpose()), 1e-13);
        Matrix b = random(2, 9, 2);
        assertClose(b, a.multiply(c.solve(b)), 1e-11);
        assertEquals(LuDecomposition.of(a).logAbsDeterminant(), c.logDeterminant(), 1e-10);
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> Cholesky.of(Matrix.ofRows(new double[] {1, 2}, new double[] {2, 1})));
        assertTrue(e.getMessage().contains("pivot 1"), e.getMessage());
    }

    @Test
    void luSolvesAndGivesTheDeterminant() {
        Matrix a = Matrix.ofRows(new double[] {2, 1, 1}, new double[] {1, 3, 2}, new double[] {1, 0, 0});
        assertEquals(-1.0, LinearAlgebra.determinant(a), 1e-14);          // by cofactor expansion
        assertEquals(-1, LuDecomposition.of(a).determinantSign());
        Matrix big = random(3, 40, 40);
        Matrix b = random(4, 40, 3);
        assertClose(b, big.multiply(LinearAlgebra.solve(big, b)), 1e-10);
        Matrix singular = Matrix.ofRows(new double[] {1, 2}, new double[] {2, 4});
        assertThrows(SingularMatrixException.class, () -> LinearAlgebra.solve(singular, Matrix.identity(2)));
        assertEquals(0, LuDecomposition.of(singular).determinantSign());
    }

    @Test
    void symmetricEigenDiagonalises() {
        Matrix a = spd(5, 12);
        SymmetricEigen e = SymmetricEigen.of(a);
        Matrix q = e.vectors();
        assertClose(Matrix.identity(12), q.transpose().multiply(q), 1e-12);
        assertClose(a, q.multiply(Matrix.diagonal(e.values())).multiply(q.transpose()), 1e-12);
        double[] values = e.values();
        for (int i = 1; i < values.length; i++) {
            assertTrue(values[i - 1] <= values[i]);
        }
        double[] known = SymmetricEigen.of(Matrix.ofRows(new double[] {2, 1}, new double[] {1, 2})).values();
        assertEquals(1.0, known[0], 1e-14);
        assertEquals(3.0, known[1], 1e-14);
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(random(6, 3, 3)));
    }

    @Test
    void svdReconstructsTallAndWideMatrices() {
        for (Matrix a : new Matrix[] {random(7, 15, 6), random(8, 5, 11), random(9, 7, 7)}) {
            Svd svd = Svd.of(a);
            Matrix reconstructed = svd.u().multiply(Matrix.diagonal(svd.singularValues())).multiply(svd.v().transpose());
            assertClose(a, reconstructed, 1e-13);
            int k = svd.singularValues().length;
            assertClose(Matrix.identity(k), svd.u().transpose().multiply(svd.u()), 1e-12);
            assertClose(Matrix.identity(k), svd.v().transpose().multiply(svd.v()), 1e-12);
        }
    }

    @Test
    void pseudoInverseSatisfiesThePenroseConditions() {
        Matrix full = random(10, 9, 4);
        Matrix lowRank = random(11, 8, 2).multiply(random(12, 2, 6));    // rank 2
        for (Matrix a : new Matrix[] {full, lowRank}) {
            Matrix p = LinearAlgebra.pseudoInverse(a);
            assertClose(a, a.multiply(p).multiply(a), 1e-12);             // A A+ A = A
            assertClose(p, p.multiply(a).multiply(p), 1e-12);             // A+ A A+ = A+
            Matrix ap = a.multiply(p);
            assertClose(ap, ap.transpose(), 1e-12);                        // (A A+)^T = A A+
        }
        assertEquals(2, Svd.of(lowRank).rank(Svd.of(lowRank).defaultTolerance()));
        Matrix x = random(13, 9, 1);                                      // least squares vs normal equations
        Matrix normal = Cholesky.of(full.transpose().multiply(full)).solve(full.transpose().multiply(x));
        assertClose(normal, LinearAlgebra.pseudoInverse(full).multiply(x), 1e-10);
    }

    @Test
    void illConditionedHilbertMatrix() {
        Matrix h = hilbert(8);
        double cond = LinearAlgebra.conditionNumber(h);
        assertEquals(1.5258e10, cond, 0.0005e10);                        // published 2-norm condition of H8
        Svd svd = Svd.of(h);
        assertClose(h, svd.u().multiply(Matrix.diagonal(svd.singularValues())).multiply(svd.v().transpose()), 1e-14);
        Cholesky c = Cholesky.of(h);
        assertClose(h, c.lower().multiply(c.lower().transpose()), 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, LinearAlgebra.conditionNumber(Matrix.ofRows(new double[] {1, 1}, new double[] {1, 1})));
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Matrix.of(1, 2, 1, Double.NaN));
        assertThrows(ShapeException.class, () -> Matrix.of(2, 2, 1, 2, 3));
        assertThrows(ShapeException.class, () -> Cholesky.of(random(14, 2, 3)));
        assertThrows(ShapeException.class, () -> random(15, 2, 3).multiply(random(16, 2, 3)));
    }
}
