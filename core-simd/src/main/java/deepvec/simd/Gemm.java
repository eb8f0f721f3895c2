package deepvec.simd;

import deepvec.simd.internal.KernelProvider;
import java.util.Arrays;

/**
 * Single-precision matrix multiplication, {@code C = alpha * op(A) * op(B) + beta * C}, where
 * op(X) is X or its transpose. Matrices are row-major with a leading dimension (the distance
 * between rows), as in CBLAS with {@code CblasRowMajor}.
 *
 * <p>The kernel is BLIS-style (packing, cache blocking, one register-blocked Vector API tile)
 * and runs on {@link ComputePool#current()}; results are bit-identical for any thread count.
 * When {@code beta == 0}, C is only written, so it may hold garbage or NaN on entry.
 */
public final class Gemm {

    private Gemm() {
    }

    /**
     * Computes {@code C = alpha * op(A) * op(B) + beta * C}.
     *
     * @param transA use A^T: A is stored k x m (else m x k)
     * @param transB use B^T: B is stored n x k (else k x n)
     * @param m rows of op(A) and C
     * @param n columns of op(B) and C
     * @param k columns of op(A), rows of op(B)
     * @param lda distance between rows of A as stored, at least its column count
     * @param ldb distance between rows of B as stored, at least its column count
     * @param ldc distance between rows of C, at least n
     * @throws ShapeException for negative sizes, short leading dimensions, or arrays too small
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new ShapeException("sgemm: sizes must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
        checkMatrix("A", a, aOffset, transA ? k : m, transA ? m : k, lda);
        checkMatrix("B", b, bOffset, transB ? n : k, transB ? k : n, ldb);
        checkMatrix("C", c, cOffset, m, n, ldc);
        GemmDriver.gemm(KernelProvider.kernels(), ComputePool.current(), m, n, k, alpha,
                GemmOperand.rowMajor(a, aOffset, lda, transA), GemmOperand.rowMajor(b, bOffset, ldb, transB),
                beta, GemmOperand.rowMajor(c, cOffset, ldc, false));
    }

    private static void checkMatrix(String name, float[] x, int offset, int rows, int cols, int ld) {
        if (ld < Math.max(1, cols)) {
            throw new ShapeException("sgemm: ld" + name.toLowerCase() + "=" + ld + " is smaller than the " + cols
                    + " columns of " + name + " as stored; expected ld" + name.toLowerCase() + " >= " + Math.max(1, cols));
        }
        long needed = rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
        if (offset < 0 || offset + needed > x.length) {
            throw new ShapeException("sgemm: " + name + " (" + rows + " x " + cols + ", ld " + ld + ") needs "
                    + needed + " floats from offset " + offset + " but the array holds " + x.length);
        }
    }

    /**
     * Matrix product of two rank-2 tensors ([m, k] x [k, n] -> [m, n]), or a batched product of
     * rank-3 tensors ([b, m, k] x [b, k, n] -> [b, m, n]). Transposed views are read in place.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 2 && b.rank() == 2) {
            Tensor c = Tensor.zeros(a.dim(0), b.dim(1));
            matmulInto(a, b, c.data(), 0);
            return c;
        }
        if (a.rank() == 3 && b.rank() == 3 && a.dim(0) == b.dim(0)) {
            int batch = a.dim(0);
            Tensor c = Tensor.zeros(batch, a.dim(1), b.dim(2));
            int stride = a.dim(1) * b.dim(2);
            for (int i = 0; i < batch; i++) {
                matmulInto(a.slice(0, i, i + 1).reshape(a.dim(1), a.dim(2)),
                        b.slice(0, i, i + 1).reshape(b.dim(1), b.dim(2)), c.data(), i * stride);
            }
            return c;
        }
        throw new ShapeException("matmul: expected [m, k] x [k, n] or [b, m, k] x [b, k, n], got "
                + Arrays.toString(a.shape()) + " x " + Arrays.toString(b.shape()));
    }

    private static void matmulInto(Tensor a, Tensor b, float[] c, int cOffset) {
        int m = a.dim(0);
        int k = a.dim(1);
        int n = b.dim(1);
        if (b.dim(0) != k) {
            throw new ShapeException("matmul: inner extents differ, " + Arrays.toString(a.shape()) + " x "
                    + Arrays.toString(b.shape()) + "; expected a.dim(1) == b.dim(0)");
        }
        GemmOperand ga = operand(a);
        GemmOperand gb = operand(b);
        GemmDriver.gemm(KernelProvider.kernels(), ComputePool.current(), m, n, k, 1f, ga, gb, 0f,
                GemmOperand.rowMajor(c, cOffset, Math.max(n, 1), false));
    }

    /** A rank-2 view as a GEMM operand, copied only when neither stride is 1. */
    private static GemmOperand operand(Tensor t) {
        int[] st = t.strides();
        if (st[1] == 1 || st[0] == 1) {
            return new GemmOperand(t.data(), t.offset(), st[0], st[1]);
        }
        Tensor dense = t.contiguous();
        return new GemmOperand(dense.data(), dense.offset(), Math.max(t.dim(1), 1), 1);
    }
}
