package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;

/**
 * The skinny-GEMM tile: a 4 x 4 block of C as 16 dot products along k, each accumulated in
 * its own vector and reduced across lanes at the end. Per step it loads 8 vectors for 16 FMAs,
 * reading A and B^T rows where they lie: no packing, which is what makes C with few columns
 * (a classifier's output layer) fast.
 *
 * <p>Written out long-hand like {@link PanamaGemmTile}. The k tail (fewer than one vector)
 * is finished in scalar code after the reduction rather than by a masked copy of the loop
 * body: with that copy, C1's profiling compile ran out of virtual registers, left the method
 * at tier 2 for good and kept it from ever reaching C2 (measured: 0.8 instead of 70 GFLOP/s).
 */
final class PanamaGemmDotTile {

    /**
     * Per-thread room for the 16 accumulators' lanes. A fresh array per tile was not removed by
     * escape analysis: 100 KB of garbage per 128x10x256 product, which then ran at 2-30 instead
     * of 80 GFLOP/s.
     */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[16 * FL]);

    private PanamaGemmDotTile() {
    }

    /** See {@code gemmDotTile}. */
    static void compute(int k, float[] a, int ao, int lda, float[] bt, int bo, int ldbt, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F), c03 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F), c13 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F), c23 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F), c32 = FloatVector.zero(F), c33 = FloatVector.zero(F);
        int bound = F.loopBound(k);
        for (int p = 0; p < bound; p += FL) {
            FloatVector a0 = FloatVector.fromArray(F, a, ao + 0 * lda + p);
            FloatVector a1 = FloatVector.fromArray(F, a, ao + 1 * lda + p);
            FloatVector a2 = FloatVector.fromArray(F, a, ao + 2 * lda + p);
            FloatVector a3 = FloatVector.fromArray(F, a, ao + 3 * lda + p);
            FloatVector b0 = FloatVector.fromArray(F, bt, bo + 0 * ldbt + p);
            FloatVector b1 = FloatVector.fromArray(F, bt, bo + 1 * ldbt + p);
            FloatVector b2 = FloatVector.fromArray(F, bt, bo + 2 * ldbt + p);
            FloatVector b3 = FloatVector.fromArray(F, bt, bo + 3 * ldbt + p);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
        }
        float[] lanes = LANES.get();                 // summed in lane order: see PanamaSpecies.laneSum
        c00.intoArray(lanes, 0 * FL);
        c01.intoArray(lanes, 1 * FL);
        c02.intoArray(lanes, 2 * FL);
        c03.intoArray(lanes, 3 * FL);
        c10.intoArray(lanes, 4 * FL);
        c11.intoArray(lanes, 5 * FL);
        c12.intoArray(lanes, 6 * FL);
        c13.intoArray(lanes, 7 * FL);
        c20.intoArray(lanes, 8 * FL);
        c21.intoArray(lanes, 9 * FL);
        c22.intoArray(lanes, 10 * FL);
        c23.intoArray(lanes, 11 * FL);
        c30.intoArray(lanes, 12 * FL);
        c31.intoArray(lanes, 13 * FL);
        c32.intoArray(lanes, 14 * FL);
        c33.intoArray(lanes, 15 * FL);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                c[co + i * ldc + j] = PanamaSpecies.laneSum(lanes, (4 * i + j) * FL);
            }
        }
        if (bound < k) {
            addTail(bound, k, a, ao, lda, bt, bo, ldbt, c, co, ldc);
        }
    }

    /** c[i][j] += sum over p in [from, k) of a[i][p] * bt[j][p], in p order. */
    private static void addTail(int from, int k, float[] a, int ao, int lda, float[] bt, int bo, int ldbt,
                                float[] c, int co, int ldc) {
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                float sum = c[co + i * ldc + j];
                for (int p = from; p < k; p++) {
                    sum = Math.fma(a[ao + i * lda + p], bt[bo + j * ldbt + p], sum);
                }
                c[co + i * ldc + j] = sum;
            }
        }
    }
}
