package deepvec.bench;

import deepvec.nn.zoo.SequenceNets;
import deepvec.simd.Recurrent;
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
 * The row classifiers of {@link SequenceNets#rowClassifier} on Fashion-MNIST-shaped batches
 * (28 steps of 28 pixels, 128 hidden units, 10 classes): one Adam training step (forward through
 * time, fused softmax cross-entropy, back-propagation through time, update) and one inference
 * pass, on a fixed random batch. Score: microseconds per call; samples/s = batch / score * 1e6.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class RecurrentTrainingBenchmark extends ClassifierBenchmark {

    @Param({"LSTM", "GRU"})
    public Recurrent.Cell cell;

    @Param({"1", "2"})
    public int threads;

    @Param({"64"})
    public int batch;

    @Setup(Level.Trial)
    public void setUp() {
        steps = new ClassifierSteps(SequenceNets.rowClassifier(cell, 28, 28, SequenceNets.HIDDEN, 10, 1), Rng.seeded(2), batch, threads);
    }
}
