package deepvec.simd.internal;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link Kernels} once per JVM, in this order:
 * <ol>
 *   <li>{@code -Ddeepvec.vectorBitSize=0} turns SIMD off: scalar kernels;</li>
 *   <li>{@code jdk.incubator.vector} not readable (the JVM was started without
 *       {@code --add-modules jdk.incubator.vector}): scalar kernels;</li>
 *   <li>otherwise the Vector API kernels, at the width {@code -Ddeepvec.vectorBitSize=128|256|512}
 *       asks for or the platform's preferred one.</li>
 * </ol>
 * Falling back to the scalar kernels (several times slower) is impossible to miss: one line on
 * standard error says why and how to enable SIMD, whatever logging the application has, and
 * {@code -Ddeepvec.requireSimd=true} turns it into an error. A bad property value (the width, or
 * {@code -Ddeepvec.gemm.inPlaceA}) fails every kernel call with the same clear message, not with
 * a class initialisation error. The Panama
 * class is loaded by name, so its absence can never break class loading here.
 */
public final class KernelProvider {

    /** System property selecting the vector width in bits; 0 disables SIMD. */
    public static final String VECTOR_BITS_PROPERTY = "deepvec.vectorBitSize";
    /** System property that makes the scalar fallback an error. */
    public static final String REQUIRE_SIMD_PROPERTY = "deepvec.requireSimd";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String PANAMA_CLASS = "deepvec.simd.internal.PanamaKernels";
    private static final Logger LOG = LoggerFactory.getLogger(KernelProvider.class);

    private KernelProvider() {
    }

    /**
     * The kernels every facade of deepvec.simd calls.
     *
     * @throws IllegalArgumentException if {@code -Ddeepvec.vectorBitSize} is not 0, 128, 256 or 512
     * @throws IllegalStateException if {@code -Ddeepvec.requireSimd=true} and SIMD is not available
     */
    public static Kernels kernels() {
        Object chosen = Holder.CHOSEN;
        if (chosen instanceof Kernels k) {
            return k;
        }
        RuntimeException failure = (RuntimeException) chosen;
        throw failure instanceof IllegalArgumentException ? new IllegalArgumentException(failure.getMessage(), failure)
                : new IllegalStateException(failure.getMessage(), failure);
    }

    /** The scalar reference kernels, whatever the active implementation is. */
    public static Kernels scalar() {
        return ScalarHolder.INSTANCE;
    }

    private static final class Holder {
        static final Object CHOSEN = chooseOrFailure();
    }

    private static final class ScalarHolder {
        static final Kernels INSTANCE = Kernels.scalar();
    }

    /** The kernels, or the exception that explains why none can be used (kept, not thrown in a static initialiser). */
    private static Object chooseOrFailure() {
        try {
            return choose();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return e;
        }
    }

    private static Kernels choose() {
        int bits = requestedVectorBits();
        InPlaceTilePolicy.override();   // a bad -Ddeepvec.gemm.inPlaceA fails here, clearly, not as a Panama start-up error
        if (bits == 0) {
            return fallBack("SIMD kernels are off (-D" + VECTOR_BITS_PROPERTY + "=0)", "remove -D" + VECTOR_BITS_PROPERTY + "=0");
        }
        Optional<Module> vectorModule = ModuleLayer.boot().findModule(VECTOR_MODULE);
        if (vectorModule.isEmpty() || !KernelProvider.class.getModule().canRead(vectorModule.get())) {
            return fallBack(VECTOR_MODULE + " is not readable",
                    "start the JVM with --add-modules " + VECTOR_MODULE + " (JDK_JAVA_OPTIONS for fat jars, argLine for Surefire)");
        }
        try {
            Kernels kernels = (Kernels) Class.forName(PANAMA_CLASS).getDeclaredMethod("create").invoke(null);
            LOG.info("deepvec kernels: {}", kernels.name());
            return kernels;
        } catch (ReflectiveOperationException | LinkageError | IllegalStateException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return fallBack("the Vector API kernels could not start (" + cause + ")", "use a JDK with jdk.incubator.vector");
        }
    }

    private static Kernels fallBack(String reason, String fix) {
        String message = "deepvec runs its scalar kernels, several times slower: " + reason + "; to use SIMD, " + fix + ".";
        if (Boolean.getBoolean(REQUIRE_SIMD_PROPERTY)) {
            throw new IllegalStateException(message + " (-D" + REQUIRE_SIMD_PROPERTY + "=true makes this an error)");
        }
        System.err.println("deepvec: WARNING: " + message);     // seen even without an slf4j provider
        return scalar();
    }

    /**
     * The width named by {@code -Ddeepvec.vectorBitSize}, or -1 when unset.
     *
     * @throws IllegalArgumentException for a value other than 0, 128, 256 or 512
     */
    static int requestedVectorBits() {
        String value = System.getProperty(VECTOR_BITS_PROPERTY);
        if (value == null || value.isBlank()) {
            return -1;
        }
        return switch (value.trim()) {
            case "0" -> 0;
            case "128" -> 128;
            case "256" -> 256;
            case "512" -> 512;
            default -> throw new IllegalArgumentException(
                    "-D" + VECTOR_BITS_PROPERTY + "=" + value + " is not a vector width; expected 0 (scalar), 128, 256 or 512");
        };
    }
}
