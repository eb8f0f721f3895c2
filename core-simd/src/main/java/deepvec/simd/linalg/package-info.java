/**
 * Dense linear algebra in double precision (Deep Learning chapter 2): LU with partial pivoting,
 * Cholesky, the symmetric eigendecomposition and the singular value decomposition, with
 * {@link deepvec.simd.linalg.SingularMatrixException} and
 * {@link deepvec.simd.linalg.NotPositiveDefiniteException} for matrices they cannot take.
 */
package deepvec.simd.linalg;
