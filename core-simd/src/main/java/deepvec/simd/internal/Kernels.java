package deepvec.simd.internal;

/**
 * The hot loops of deepvec by family, each family an interface of a few methods implemented
 * twice side by side: {@code Scalar*Kernels} (plain loops, the oracle and the fallback) and
 * {@code Panama*Kernels} (the Vector API). Every method works on contiguous ranges of
 * {@code float[]} given as (array, offset, length); callers validate shapes and bounds once, in
 * the public facades of {@code deepvec.simd}.
 *
 * <p>Obtain the active set with {@link KernelProvider#kernels()}.
 *
 * @param name a short name for logs and benchmark tables, such as {@code "panama-512"} or {@code "scalar"}
 */
public record Kernels(String name, BinaryKernels binary, ScalingKernels scaling, UnaryKernels unary, ReductionKernels reduction,
        UpdateKernels update, PoolingKernels pooling, GemmKernels gemm, RandomKernels random, RecurrentKernels recurrent) {

    /** The scalar reference kernels. */
    static Kernels scalar() {
        return new Kernels("scalar", new ScalarBinaryKernels(), new ScalarScalingKernels(), new ScalarUnaryKernels(),
                new ScalarReductionKernels(), new ScalarUpdateKernels(), new ScalarPoolingKernels(), new ScalarGemmKernels(),
                new ScalarRandomKernels(), new ScalarRecurrentKernels());
    }

    /** Whether these are Vector API kernels (not the scalar fallback). */
    public boolean isVectorized() {
        return !(binary instanceof ScalarBinaryKernels);
    }
}
