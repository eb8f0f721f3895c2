package deepvec.bench;

import deepvec.nn.zoo.ConvNets;
import deepvec.simd.random.Rng;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reference CNN of {@link ConvNets#reference} ({@code cnn}) and its batch-normalised
 * variant {@link ConvNets#batchNormalized} ({@code cnn-bn}, dropout 0.25) on Fashion-MNIST-shaped batches: one Adam
 * training step (forward, fused softmax cross-entropy, backward, update) and one inference
 * pass, on fixed random batches (the data loader's copy is not included). Score: microseconds
 * per call; samples/s = batch / score * 1e6.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class CnnTrainingBenchmark extends ClassifierBenchmark {

    @Param({"1", "2"})
    public int threads;

    @Param({"64"})
    public int batch;

    @Param({"cnn", "cnn-bn"})
    public String model;

    @Setup(Level.Trial)
    public void setUp() {
        steps = new ClassifierSteps(model.equals("cnn") ? ConvNets.reference(10, 1) : ConvNets.batchNormalized(10, 0.25f, 1), Rng.seeded(2),
                batch, threads);
    }
}
