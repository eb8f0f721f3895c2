package deepvec.bench;

import deepvec.simd.ComputePool;
import deepvec.simd.Gemm;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Row-major {@code C = A B + beta C} (beta = 0 unless {@code -p beta=1}, the accumulating
 * products of a recurrent step; B read transposed with {@code -p transB=true}) for deepvec and its native peers in the same JVM,
 * OpenBLAS (with its AVX-512 kernels where the CPU has them, see {@link OpenBlas}) and oneDNN,
 * at 1 and 2 threads. Before timing, each peer's product is checked against deepvec's.
 * Score: microseconds per product; GFLOP/s = 2 M N K / score / 1000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class GemmBenchmark {

    @Param({
        "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024", "2048x2048x2048",
        "128x256x784", "128x10x256", "256x784x128", "1024x1024x64", "32x50176x9",
        "64x12544x288", "64x128x3136", "64x512x128",
    })
    public String shape;

    @Param({"1", "2"})
    public int threads;

    @Param({"0"})
    public float beta;

    /**
     * Whether B is stored transposed, [n, k] row-major (PyTorch's layout for a linear layer's
     * weight, read as x W^T), so packing its panels is a transpose.
     */
    @Param({"false"})
    public boolean transB;

    private GemmShape s;
    private float[] a;
    private float[] b;
    private float[] c;
    private ComputePool pool;
    private Arena arena;
    private OpenBlas blas;
    private OneDnn dnnl;
    private MemorySegment na;
    private MemorySegment nb;
    private MemorySegment nc;

    @Setup(Level.Trial)
    public void setUp() {
        s = GemmShape.parse(shape);
        SplittableRandom random = new SplittableRandom(42);
        a = randomArray(random, s.m() * s.k());
        b = randomArray(random, s.k() * s.n());
        c = new float[s.m() * s.n()];
        pool = ComputePool.ofThreads(threads);
        blas = OpenBlas.load().filter(peer -> peer.canUseThreads(threads)).orElse(null);
        dnnl = OneDnn.load().orElse(null);
        if (blas != null || dnnl != null) {
            arena = Arena.ofConfined();
            na = arena.allocateFrom(ValueLayout.JAVA_FLOAT, a);
            nb = arena.allocateFrom(ValueLayout.JAVA_FLOAT, b);
            nc = arena.allocate(ValueLayout.JAVA_FLOAT, c.length);
        }
        float[] expected = deepvec().clone();
        if (blas != null) {
            blas.setThreads(threads);
            openblas();
            requireSame("OpenBLAS (" + blas.coreName() + ")", expected);
        }
        if (dnnl != null) {
            dnnl.setThreads(threads);
            onednn();
            requireSame("oneDNN " + dnnl.version(), expected);
        }
    }

    /** The peer's product, just computed into {@code nc}, equals deepvec's to float rounding. */
    private void requireSame(String peer, float[] expected) {
        float[] theirs = nc.toArray(ValueLayout.JAVA_FLOAT);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - theirs[i]));
        }
        if (worst > 1e-5 * Math.sqrt(s.k()) * (1 + scale)) {
            throw new IllegalStateException(peer + " disagrees with deepvec on " + shape + ": largest difference " + worst
                    + " for values up to " + scale);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        if (arena != null) {
            arena.close();
        }
    }

    static float[] randomArray(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextDouble() - 0.5);
        }
        return x;
    }

    private int ldb() {
        return transB ? s.k() : s.n();
    }

    @Benchmark
    public float[] deepvec() {
        pool.run(() -> Gemm.sgemm(false, transB, s.m(), s.n(), s.k(), 1f, a, 0, s.k(), b, 0, ldb(), beta, c, 0, s.n()));
        return c;
    }

    @Benchmark
    public MemorySegment openblas() {
        if (blas == null) {
            throw new IllegalStateException("OpenBLAS for " + threads + " thread(s) is not installed: " + OpenBlas.INSTALL_HINT);
        }
        blas.sgemm(false, transB, s.m(), s.n(), s.k(), 1f, na, s.k(), nb, ldb(), beta, nc, s.n());
        return nc;
    }

    @Benchmark
    public MemorySegment onednn() {
        if (dnnl == null) {
            throw new IllegalStateException("oneDNN is not installed: " + OneDnn.INSTALL_HINT);
        }
        dnnl.sgemm(false, transB, s.m(), s.n(), s.k(), 1f, na, s.k(), nb, ldb(), beta, nc, s.n());
        return nc;
    }
}
