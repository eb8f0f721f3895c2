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
        int mr = kernels.mr();
        int panels = ceilDiv(mc, mr);
        int ragged = mc - (panels - 1) * mr;
        if (ragged < mr) {
            Arrays.fill(dst, (panels - 1) * mr * kc, panels * mr * kc, 0f);
        }
        float[] src = a.data();
        if (a.rowStride() == 1) { // A read transposed: a panel column is MR contiguous floats
            // k outermost, so each source row of A^T streams once instead of once per panel
            kernels.packRuns(mr, mc, kc, src, a.index(row0, col0), a.colStride(), dst);
            return;
        }
        for (int panel = 0; panel < panels; panel++) {
            int rows = panel == panels - 1 ? ragged : mr;
            int base = panel * mr * kc;
            for (int i = 0; i < rows; i++) {
                int s = a.index(row0 + panel * mr + i, col0);
                int cs = a.colStride();
                for (int p = 0, d = base + i; p < kc; p++, d += mr, s += cs) {
                    dst[d] = src[s];
                }
            }
        }
    }

    /** Packs B[row0 .. row0+kc, col0 .. col0+nc) into {@code dst} as the NR-column panels of {@code kernels}. */
    static void packB(GemmKernels kernels, GemmOperand b, int row0, int col0, int kc, int nc, float[] dst) {
        int nr = kernels.nr();
        int panels = ceilDiv(nc, nr);
        int ragged = nc - (panels - 1) * nr;
        if (ragged < nr) {
            Arrays.fill(dst, (panels - 1) * nr * kc, panels * nr * kc, 0f);
        }
        float[] src = b.data();
        if (b.colStride() == 1) { // row-major B: k outermost, each row of B read once, front to back
            kernels.packRuns(nr, nc, kc, src, b.index(row0, col0), b.rowStride(), dst);
            return;
        }
        for (int panel = 0; panel < panels; panel++) {
            int cols = panel == panels - 1 ? ragged : nr;
            int base = panel * nr * kc;
            for (int j = 0; j < cols; j++) {
                int s = b.index(row0, col0 + panel * nr + j);
                int rs = b.rowStride();
                for (int p = 0, d = base + j; p < kc; p++, d += nr, s += rs) {
                    dst[d] = src[s];
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
