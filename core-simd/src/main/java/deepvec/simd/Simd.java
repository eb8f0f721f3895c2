package deepvec.simd;

import deepvec.simd.internal.KernelProvider;

/**
 * Which kernels this JVM runs: the Vector API ones, or the scalar fallback (several times slower)
 * when the JVM lacks {@code --add-modules jdk.incubator.vector} or {@code -Ddeepvec.vectorBitSize=0}
 * turned SIMD off. Start with {@code -Ddeepvec.requireSimd=true} to make the fallback an error.
 */
public final class Simd {

    private Simd() {
    }

    /** Whether the Vector API kernels are active. */
    public static boolean isVectorized() {
        return KernelProvider.kernels().isVectorized();
    }

    /** The active kernels' name, such as {@code "panama-512"} or {@code "scalar"}. */
    public static String kernelName() {
        return KernelProvider.kernels().name();
    }
}
