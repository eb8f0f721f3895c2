/**
 * deepvec's kernel layer: {@link deepvec.simd.Tensor} storage and the SIMD kernels every
 * other module computes with.
 *
 * <p>The Vector API is a {@code static} requirement: when the JVM runs without
 * {@code --add-modules jdk.incubator.vector}, the module still resolves and every kernel
 * runs its scalar implementation (one warning says so and how to enable SIMD).
 */
module deepvec.simd {
    requires static jdk.incubator.vector;
    requires org.slf4j;

    exports deepvec.simd;
    exports deepvec.simd.linalg;
    exports deepvec.simd.random;
    // The scalar reference kernels are the peers the benchmarks compare against.
    exports deepvec.simd.internal to deepvec.bench;
}
