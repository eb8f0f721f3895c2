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

    /**
     * Floats of a panel a transposing pack writes per pass over the panel's columns. A pass over
     * one column writes one float per line of the panel, so the lines of the block must stay in
     * L1 until the next column: 6144 floats (24 KiB) is half of a 48 KiB L1d and under a 32 KiB
     * one, and holds a whole panel of A (12 rows by up to KC = 512). Measured on an Intel Xeon
     * (48 KiB L1d), floats per ns, packing a column-major B into 32-column panels: 512 x 512,
     * whole panels of 64 KiB 0.71, blocks of 192 steps of k 1.67 (64 steps 1.6-1.8, 128 steps
     * 1.62); 392 x 256 with ld = 784, 1.27 whole and 1.86-1.98 in blocks.
     */
    private static final int TRANSPOSE_BLOCK_FLOATS = 6144;

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
        int rs = x.rowStride();
        int blockSteps = Math.max(1, TRANSPOSE_BLOCK_FLOATS / width);
        for (int panel = 0; panel < panels; panel++) {
            int cols = panel == panels - 1 ? ragged : width;
            int base = panel * width * kc;
            for (int p0 = 0; p0 < kc; p0 += blockSteps) {
                int steps = Math.min(blockSteps, kc - p0);
                for (int j = 0; j < cols; j++) {
                    int s = x.index(row0 + p0, col0 + panel * width + j);
                    for (int p = 0, d = base + p0 * width + j; p < steps; p++, d += width, s += rs) {
                        dst[d] = src[s];
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
