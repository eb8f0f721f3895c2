package deepvec.simd;

import deepvec.simd.internal.GemmKernels;
import java.util.Arrays;

/**
 * Packs blocks of A and B into the micro-panel order the register tile reads (BLIS packing).
 * A block of mc x kc becomes ceil(mc/MR) panels, each kc columns of MR consecutive rows; a
 * block of kc x nc becomes ceil(nc/NR) panels, each kc rows of NR consecutive columns. Rows or
 * columns past the matrix edge are zero, so edge tiles run the same kernel. Transposed operands
 * are handled here, by reading with the other stride, never by copying the whole matrix.
 */
final class GemmPacking {

    private GemmPacking() {
    }

    /** Packs A[row0 .. row0+mc, col0 .. col0+kc) into {@code dst} as the MR-row panels of {@code kernels}. */
    static void packA(GemmKernels kernels, GemmOperand a, int row0, int col0, int mc, int kc, float[] dst) {
        pack(kernels.mr(), kernels, a.transposed(), col0, row0, kc, mc, dst);
    }

    /** Packs B[row0 .. row0+kc, col0 .. col0+nc) into {@code dst} as panels of {@code nr} columns (the tile's). */
    static void packB(GemmKernels kernels, int nr, GemmOperand b, int row0, int col0, int kc, int nc, float[] dst) {
        pack(nr, kernels, b, row0, col0, kc, nc, dst);
    }

    /**
     * Packs x[row0 .. row0+kc, col0 .. col0+n) as panels of {@code width} columns: a panel of B,
     * or of A^T (A's MR-row panels are the MR-column panels of its transpose).
     */
    private static void pack(int width, GemmKernels kernels, GemmOperand x, int row0, int col0, int kc, int n, float[] dst) {
        int panels = ceilDiv(n, width);
        int ragged = n - (panels - 1) * width;
        if (ragged < width) {
            Arrays.fill(dst, (panels - 1) * width * kc, panels * width * kc, 0f);
        }
        float[] src = x.data();
        if (x.colStride() == 1) { // rows of x contiguous: k outermost, each row read once, front to back
            kernels.packRuns(width, n, kc, src, x.index(row0, col0), x.rowStride(), dst);
            return;
        }
        for (int panel = 0; panel < panels; panel++) {
            int cols = panel == panels - 1 ? ragged : width;
            int base = panel * width * kc;
            for (int j = 0; j < cols; j++) {
                int s = x.index(row0, col0 + panel * width + j);
                int rs = x.rowStride();
                for (int p = 0, d = base + j; p < kc; p++, d += width, s += rs) {
                    dst[d] = src[s];
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
