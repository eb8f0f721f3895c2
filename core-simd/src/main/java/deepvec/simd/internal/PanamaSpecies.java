package deepvec.simd.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shape every Panama kernel uses, fixed once per JVM: the platform's preferred
 * shape, or the width named by {@code -Ddeepvec.vectorBitSize=128|256|512}. The species are
 * static finals so that C2 folds lane counts and masks into constants.
 */
final class PanamaSpecies {

    static final VectorShape SHAPE = chooseShape();
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.withShape(SHAPE);
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.withShape(SHAPE);
    static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED.withShape(SHAPE);
    /** Float lanes per vector. */
    static final int FL = F.length();

    private PanamaSpecies() {
    }

    /**
     * The sum of {@code FL} lanes stored at {@code lanes[offset ..]}, strictly in lane order. Kernels
     * use this instead of {@code reduceLanes(ADD)}, whose order is unspecified and differs between
     * the C2 intrinsic and the interpreter's fallback: results would then depend on what the JIT
     * had compiled when a kernel ran, and the same seed would not give the same bits twice.
     */
    static float laneSum(float[] lanes, int offset) {
        float sum = 0f;
        for (int i = 0; i < FL; i++) {
            sum += lanes[offset + i];
        }
        return sum;
    }

    private static VectorShape chooseShape() {
        int bits = KernelProvider.requestedVectorBits();
        return bits < 0 ? VectorShape.preferredShape() : VectorShape.forBitSize(bits);
    }
}
