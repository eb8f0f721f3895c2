package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * GEMM packing on the Vector API ({@link GemmKernels#packRuns}): each run of a source row is
 * moved into its panel as whole vectors. When the run is not a whole number of vectors (A's
 * 12-row panels), the last vector spills into the next step's slot of the same panel, which
 * that step overwrites, so only the last step of each panel and a ragged last panel take
 * masked stores. Measured on a 157 x 448 block of A: 1.2 floats per ns element by element,
 * 0.97 with masked stores throughout, 3.6 this way; on 448 x 512 of B, 3.6 by
 * {@code System.arraycopy} per 32-float run.
 */
final class PanamaGemmPacking {

    private PanamaGemmPacking() {
    }

    /** See {@link GemmKernels#packRuns}. */
    static void packRuns(int width, int n, int kc, float[] src, int so, int ld, float[] dst) {
        int full = n / width;
        int ragged = n - full * width;
        int panelSize = width * kc;
        boolean whole = width % FL == 0;
        for (int p = 0; p < kc; p++) {
            int s = so + p * ld;
            int d = p * width;
            boolean spills = p < kc - 1;   // the next step's slot follows, and is written after this one
            for (int q = 0; q < full; q++, s += width, d += panelSize) {
                if (whole || spills && s + width + FL <= src.length) {
                    for (int i = 0; i < width; i += FL) {
                        FloatVector.fromArray(F, src, s + i).intoArray(dst, d + i);
                    }
                } else {
                    copyMasked(src, s, dst, d, width);
                }
            }
            if (ragged > 0) {
                copyMasked(src, s, dst, d, ragged);
            }
        }
    }

    /** dst[d .. d + n) = src[s .. s + n), nothing else written. */
    private static void copyMasked(float[] src, int s, float[] dst, int d, int n) {
        for (int i = 0; i < n; i += FL) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector.fromArray(F, src, s + i, m).intoArray(dst, d + i, m);
        }
    }
}
