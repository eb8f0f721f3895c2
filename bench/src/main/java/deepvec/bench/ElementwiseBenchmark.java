package deepvec.bench;

import deepvec.simd.internal.KernelProvider;
import deepvec.simd.internal.Kernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
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
 * Elementwise kernels on 1 Mi (cache-resident) and 16 Mi (memory-bound) floats, the Vector API
 * kernels beside the scalar reference, and {@code System.arraycopy} of the same bytes as the
 * memory-bandwidth yardstick, beside a Vector API copy loop that stores the ordinary way. Score: microseconds per pass; Gelem/s = n / score / 1000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class ElementwiseBenchmark {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Param({"1048576", "16777216"})
    public int n;

    @Param({"simd", "scalar"})
    public String kernels;

    private Kernels k;
    private float[] x;
    private float[] y;
    private float[] out;

    @Setup
    public void setUp() {
        k = kernels.equals("scalar") ? KernelProvider.scalar() : KernelProvider.kernels();
        SplittableRandom random = new SplittableRandom(7);
        x = new float[n];
        y = new float[n];
        out = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextDouble() * 20 - 10);   // exp/sigmoid/tanh over their interesting range
            y[i] = (float) (random.nextDouble() + 0.5);
        }
    }

    @Benchmark
    public float[] add() {
        k.binary().add(x, 0, y, 0, out, 0, n);
        return out;
    }

    @Benchmark
    public float[] relu() {
        k.unary().relu(x, 0, out, 0, n);
        return out;
    }

    @Benchmark
    public float[] exp() {
        k.unary().exp(x, 0, out, 0, n);
        return out;
    }

    @Benchmark
    public float[] sigmoid() {
        k.unary().sigmoid(x, 0, out, 0, n);
        return out;
    }

    @Benchmark
    public float[] tanh() {
        k.unary().tanh(x, 0, out, 0, n);
        return out;
    }

    @Benchmark
    public float[] log() {
        k.unary().log(y, 0, out, 0, n);
        return out;
    }

    /**
     * Bandwidth yardstick: read n floats, write n floats (relu moves the same bytes). The JVM
     * copies large arrays with non-temporal stores, which skip reading the destination first;
     * code written with the Vector API cannot ask for those.
     */
    @Benchmark
    public float[] copy() {
        System.arraycopy(x, 0, out, 0, n);
        return out;
    }

    /** Bandwidth yardstick with ordinary stores: a Vector API load/store loop over the same bytes. */
    @Benchmark
    public float[] vectorCopy() {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, x, i).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = x[i];
        }
        return out;
    }
}
