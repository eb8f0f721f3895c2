package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.FL;

/**
 * Builds the Vector API kernel families. {@link KernelProvider} loads this class by name, and
 * only when {@code jdk.incubator.vector} is readable, so its absence never breaks class loading.
 */
final class PanamaKernels {

    private PanamaKernels() {
    }

    /**
     * @throws IllegalStateException if the vector shape holds fewer than 4 floats (the tiles need 4)
     */
    static Kernels create() {
        if (FL < 4) {
            throw new IllegalStateException("vector shape " + PanamaSpecies.SHAPE + " holds fewer than 4 floats");
        }
        PanamaBinaryKernels binary = new PanamaBinaryKernels();
        PanamaUnaryKernels unary = new PanamaUnaryKernels();
        return new Kernels("panama-" + PanamaSpecies.SHAPE.vectorBitSize(), binary, new PanamaScalingKernels(), unary,
                new PanamaReductionKernels(), new PanamaUpdateKernels(), new PanamaPoolingKernels(), new PanamaGemmKernels(),
                new PanamaRandomKernels(), new PanamaRecurrentKernels(unary, binary));
    }
}
