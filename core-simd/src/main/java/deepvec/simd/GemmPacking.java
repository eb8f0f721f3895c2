package deepvec.simd;

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

    /** Packs A[row0 .. row0+mc, col0 .. col0+kc) into {@code dst} as MR-row panels. */
    static void packA(GemmOperand a, int row0, int col0, int mc, int kc, int mr, float[] dst) {
        for (int panel = 0; panel * mr < mc; panel++) {
            int rows = Math.min(mr, mc - panel * mr);
            int base = panel * mr * kc;
            if (rows < mr) {
                Arrays.fill(dst, base, base + mr * kc, 0f);
            }
            if (a.rowStride() == 1) { // A read transposed: a panel column is contiguous
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a.data(), a.index(row0 + panel * mr, col0 + p), dst, base + p * mr, rows);
                }
            } else {
                for (int i = 0; i < rows; i++) {
                    float[] src = a.data();
                    int s = a.index(row0 + panel * mr + i, col0);
                    int cs = a.colStride();
                    for (int p = 0, d = base + i; p < kc; p++, d += mr, s += cs) {
                        dst[d] = src[s];
                    }
                }
            }
        }
    }

    /** Packs B[row0 .. row0+kc, col0 .. col0+nc) into {@code dst} as NR-column panels. */
    static void packB(GemmOperand b, int row0, int col0, int kc, int nc, int nr, float[] dst) {
        for (int panel = 0; panel * nr < nc; panel++) {
            int cols = Math.min(nr, nc - panel * nr);
            int base = panel * nr * kc;
            if (cols < nr) {
                Arrays.fill(dst, base, base + nr * kc, 0f);
            }
            if (b.colStride() == 1) { // row-major B: a panel row is contiguous
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b.data(), b.index(row0 + p, col0 + panel * nr), dst, base + p * nr, cols);
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    float[] src = b.data();
                    int s = b.index(row0, col0 + panel * nr + j);
                    int rs = b.rowStride();
                    for (int p = 0, d = base + j; p < kc; p++, d += nr, s += rs) {
                        dst[d] = src[s];
                    }
                }
            }
        }
    }
}
