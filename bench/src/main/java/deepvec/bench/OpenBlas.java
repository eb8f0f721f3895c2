package deepvec.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code cblas_sgemm} of OpenBLAS called through the FFM API, a native peer of deepvec's GEMM.
 * The threaded build ({@code libopenblas0-pthread}) is preferred because it can be pinned to 1
 * or 2 threads; the serial build ({@code libopenblas0-serial}) serves single-threaded runs.
 *
 * <p>The peer runs at its best: on a CPU with AVX-512, {@code OPENBLAS_CORETYPE=SkylakeX} is set
 * in this process before the library loads, whatever the environment says (the machines this
 * project runs on set {@code Haswell}, whose AVX2 kernels reach about half the speed); the
 * kernel that ran is {@link #coreName()}.
 */
public final class OpenBlas {

    /** What to install when no library is found. */
    public static final String INSTALL_HINT = "apt-get install libopenblas0-pthread (or libopenblas0-serial)";

    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final List<String> CANDIDATES = List.of(
            "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
            "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
            "/usr/lib/x86_64-linux-gnu/openblas-serial/libopenblas.so.0",
            "/usr/lib/aarch64-linux-gnu/openblas-serial/libopenblas.so.0",
            "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
            "/usr/lib64/libopenblas.so.0",
            "/usr/local/lib/libopenblas.so.0");

    private final Path library;
    private final MethodHandle sgemm;
    private final MethodHandle setThreads;   // null for builds without a thread setting
    private final String coreName;
    private final boolean threaded;

    private OpenBlas(Path library, MethodHandle sgemm, MethodHandle setThreads, String coreName) {
        this.library = library;
        this.sgemm = sgemm;
        this.setThreads = setThreads;
        this.coreName = coreName;
        this.threaded = library.toString().contains("pthread");
    }

    /** The installed OpenBLAS, or empty when none of the usual paths holds one. */
    public static Optional<OpenBlas> load() {
        for (String candidate : CANDIDATES) {
            Path path = Path.of(candidate);
            if (Files.isReadable(path)) {
                return Optional.of(bind(path));
            }
        }
        return Optional.empty();
    }

    private static OpenBlas bind(Path path) {
        if (NativeProcess.hasAvx512()) {
            NativeProcess.setenv("OPENBLAS_CORETYPE", "SkylakeX");      // before the library reads it, at load
        }
        SymbolLookup lookup = SymbolLookup.libraryLookup(path, Arena.global());
        Linker linker = Linker.nativeLinker();
        MethodHandle sgemm = linker.downcallHandle(
                lookup.find("cblas_sgemm").orElseThrow(() -> new IllegalStateException(path + " has no cblas_sgemm")),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_FLOAT,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.critical(false));
        MethodHandle setThreads = lookup.find("openblas_set_num_threads")
                .map(symbol -> linker.downcallHandle(symbol, FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT)))
                .orElse(null);
        String coreName = lookup.find("openblas_get_corename").map(symbol -> {
            try {
                return NativeProcess.string((MemorySegment) linker.downcallHandle(symbol, FunctionDescriptor.of(ValueLayout.ADDRESS))
                        .invokeExact());
            } catch (Throwable t) {
                return "?";
            }
        }).orElse("?");
        return new OpenBlas(path, sgemm, setThreads, coreName);
    }

    /** The kernel family OpenBLAS chose at load, e.g. {@code SkylakeX} or {@code Haswell}. */
    public String coreName() {
        return coreName;
    }

    /** The library file in use. */
    public Path library() {
        return library;
    }

    /** Whether this build can run on more than one thread. */
    public boolean canUseThreads(int threads) {
        return threads == 1 || (threaded && setThreads != null);
    }

    /** Pins OpenBLAS to {@code threads} threads. */
    public void setThreads(int threads) {
        if (!canUseThreads(threads)) {
            throw new IllegalStateException(library + " is the serial build; install libopenblas0-pthread for " + threads + " threads");
        }
        if (setThreads == null) {
            return;
        }
        try {
            setThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw new IllegalStateException("openblas_set_num_threads failed", t);
        }
    }

    /** Row-major {@code C = alpha op(A) op(B) + beta C} on native memory. */
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a, int lda,
                      MemorySegment b, int ldb, float beta, MemorySegment c, int ldc) {
        try {
            sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    a, lda, b, ldb, beta, c, ldc);
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemm failed", t);
        }
    }
}
