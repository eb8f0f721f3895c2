package deepvec.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The FMA throughput one core reaches from Java: 12 independent accumulator chains of
 * vector FMAs with no memory traffic. Score: nanoseconds per vector FMA; GFLOP/s =
 * 2 * lanes / score. The denominator behind "% of measured peak" in the GEMM table.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class FmaPeakBenchmark {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int STEPS = 4096;
    /** Vector FMAs per invocation: 12 chains x STEPS. */
    public static final int FMAS = 12 * STEPS;

    public float x = 1.0000001f;
    public float y = 0.9999999f;

    @Benchmark
    @OperationsPerInvocation(FMAS)
    public float fmaChains() {
        FloatVector m = FloatVector.broadcast(SPECIES, x);
        FloatVector a = FloatVector.broadcast(SPECIES, y);
        FloatVector c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a;
        FloatVector c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (int i = 0; i < STEPS; i++) {
            c0 = c0.fma(m, a);
            c1 = c1.fma(m, a);
            c2 = c2.fma(m, a);
            c3 = c3.fma(m, a);
            c4 = c4.fma(m, a);
            c5 = c5.fma(m, a);
            c6 = c6.fma(m, a);
            c7 = c7.fma(m, a);
            c8 = c8.fma(m, a);
            c9 = c9.fma(m, a);
            c10 = c10.fma(m, a);
            c11 = c11.fma(m, a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    /** Floats per vector in this JVM. */
    public static int lanes() {
        return SPECIES.length();
    }
}
