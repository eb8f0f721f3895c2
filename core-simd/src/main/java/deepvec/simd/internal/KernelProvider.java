package deepvec.simd.internal;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link Kernels} implementation once per JVM, in this order:
 * <ol>
 *   <li>{@code -Ddeepvec.vectorBitSize=0} turns SIMD off: scalar kernels;</li>
 *   <li>{@code jdk.incubator.vector} not readable (the JVM was started without
 *       {@code --add-modules jdk.incubator.vector}): scalar kernels, with one warning that
 *       says how to enable SIMD;</li>
 *   <li>otherwise the Vector API kernels, at the width {@code -Ddeepvec.vectorBitSize=128|256|512}
 *       asks for or the platform's preferred one.</li>
 * </ol>
 * The Panama class is loaded by name, so its absence can never break class loading here.
 */
public final class KernelProvider {

    /** System property selecting the vector width in bits; 0 disables SIMD. */
    public static final String VECTOR_BITS_PROPERTY = "deepvec.vectorBitSize";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String PANAMA_CLASS = "deepvec.simd.internal.PanamaKernels";
    private static final Logger LOG = LoggerFactory.getLogger(KernelProvider.class);

    private KernelProvider() {
    }

    /** The kernels every facade of deepvec.simd calls. */
    public static Kernels kernels() {
        return Holder.INSTANCE;
    }

    /** The scalar reference kernels, whatever the active implementation is. */
    public static Kernels scalar() {
        return ScalarHolder.INSTANCE;
    }

    private static final class Holder {
        static final Kernels INSTANCE = lookup();
    }

    private static final class ScalarHolder {
        static final Kernels INSTANCE = new ScalarKernels();
    }

    private static Kernels lookup() {
        int bits = requestedVectorBits();
        if (bits == 0) {
            LOG.warn("SIMD kernels are off (-D{}=0); using the scalar kernels", VECTOR_BITS_PROPERTY);
            return scalar();
        }
        Optional<Module> vectorModule = ModuleLayer.boot().findModule(VECTOR_MODULE);
        if (vectorModule.isEmpty() || !KernelProvider.class.getModule().canRead(vectorModule.get())) {
            LOG.warn("{} is not readable, so deepvec runs its scalar kernels (several times slower). "
                    + "Start the JVM with --add-modules {} to enable SIMD.", VECTOR_MODULE, VECTOR_MODULE);
            return scalar();
        }
        try {
            Kernels kernels = (Kernels) Class.forName(PANAMA_CLASS).getDeclaredConstructor().newInstance();
            LOG.info("deepvec kernels: {}", kernels.name());
            return kernels;
        } catch (ReflectiveOperationException | LinkageError | IllegalStateException e) {
            LOG.warn("The Vector API kernels could not start ({}); using the scalar kernels", e.toString());
            return scalar();
        }
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
