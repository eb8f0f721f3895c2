package deepvec.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The distance to naive code: the textbook triple loop (i, j, k: a dot product per element,
 * strided reads of B) and the i, k, j loop that C2 auto-vectorises, single-threaded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class NaiveGemmBenchmark {

    @Param({"128x128x128", "256x256x256", "512x512x512", "128x256x784"})
    public String shape;

    private GemmShape s;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setUp() {
        s = GemmShape.parse(shape);
        SplittableRandom random = new SplittableRandom(42);
        a = GemmBenchmark.randomArray(random, s.m() * s.k());
        b = GemmBenchmark.randomArray(random, s.k() * s.n());
        c = new float[s.m() * s.n()];
    }

    @Benchmark
    public float[] tripleLoop() {
        int m = s.m();
        int n = s.n();
        int k = s.k();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    @Benchmark
    public float[] ikjLoop() {
        int m = s.m();
        int n = s.n();
        int k = s.k();
        java.util.Arrays.fill(c, 0f);
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                float aip = a[i * k + p];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aip * b[p * n + j];
                }
            }
        }
        return c;
    }
}
