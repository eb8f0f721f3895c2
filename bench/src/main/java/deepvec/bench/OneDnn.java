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
 * {@code dnnl_sgemm} of oneDNN called through the FFM API: the strongest x86 GEMM peer (its JIT
 * kernels pick AVX-512 on their own). Debian's build runs on OpenMP, so the thread count is set
 * with libgomp's {@code omp_set_num_threads}.
 */
public final class OneDnn {

    /** What to install when no library is found. */
    public static final String INSTALL_HINT = "apt-get install libdnnl-dev (oneDNN)";

    private static final List<String> CANDIDATES = List.of(
            "/usr/lib/x86_64-linux-gnu/libdnnl.so.3", "/usr/lib/x86_64-linux-gnu/libdnnl.so.2", "/usr/lib64/libdnnl.so.3",
            "/usr/local/lib/libdnnl.so.3", "/usr/local/lib/libdnnl.so.2");
    private static final List<String> OPENMP = List.of("/usr/lib/x86_64-linux-gnu/libgomp.so.1", "/usr/lib64/libgomp.so.1");

    private final Path library;
    private final String version;
    private final MethodHandle sgemm;
    private final MethodHandle setThreads;

    private OneDnn(Path library, String version, MethodHandle sgemm, MethodHandle setThreads) {
        this.library = library;
        this.version = version;
        this.sgemm = sgemm;
        this.setThreads = setThreads;
    }

    /** The installed oneDNN, or empty when none of the usual paths holds one. */
    public static Optional<OneDnn> load() {
        Path path = CANDIDATES.stream().map(Path::of).filter(Files::isReadable).findFirst().orElse(null);
        Path openmp = OPENMP.stream().map(Path::of).filter(Files::isReadable).findFirst().orElse(null);
        if (path == null || openmp == null) {
            return Optional.empty();
        }
        Linker linker = Linker.nativeLinker();
        SymbolLookup dnnl = SymbolLookup.libraryLookup(path, Arena.global());
        MethodHandle sgemm = linker.downcallHandle(dnnl.find("dnnl_sgemm").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_BYTE, ValueLayout.JAVA_BYTE, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
                Linker.Option.critical(false));
        MethodHandle setThreads = linker.downcallHandle(SymbolLookup.libraryLookup(openmp, Arena.global()).find("omp_set_num_threads")
                .orElseThrow(), FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        String version = dnnl.find("dnnl_version").map(symbol -> {
            try {
                MemorySegment v = ((MemorySegment) linker.downcallHandle(symbol, FunctionDescriptor.of(ValueLayout.ADDRESS)).invokeExact())
                        .reinterpret(12);
                return v.get(ValueLayout.JAVA_INT, 0) + "." + v.get(ValueLayout.JAVA_INT, 4) + "." + v.get(ValueLayout.JAVA_INT, 8);
            } catch (Throwable t) {
                return "?";
            }
        }).orElse("?");
        return Optional.of(new OneDnn(path, version, sgemm, setThreads));
    }

    /** The library file in use. */
    public Path library() {
        return library;
    }

    /** major.minor.patch. */
    public String version() {
        return version;
    }

    /** Runs oneDNN on {@code threads} OpenMP threads. */
    public void setThreads(int threads) {
        try {
            setThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw new IllegalStateException("omp_set_num_threads failed", t);
        }
    }

    /** Row-major {@code C = alpha op(A) op(B) + beta C} on native memory. */
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a, int lda,
                      MemorySegment b, int ldb, float beta, MemorySegment c, int ldc) {
        int status;
        try {
            status = (int) sgemm.invokeExact((byte) (transA ? 'T' : 'N'), (byte) (transB ? 'T' : 'N'), (long) m, (long) n, (long) k, alpha,
                    a, (long) lda, b, (long) ldb, beta, c, (long) ldc);
        } catch (Throwable t) {
            throw new IllegalStateException("dnnl_sgemm failed", t);
        }
        if (status != 0) {
            throw new IllegalStateException("dnnl_sgemm returned status " + status);
        }
    }
}
