package deepvec.bench;

import deepvec.nn.layer.Activation;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Sequential;
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
 * The Fashion-MNIST MLP 784-256-128-10 (ReLU): one Adam training step on a batch (forward,
 * fused softmax cross-entropy, backward, update) and one inference pass, on fixed random
 * Fashion-MNIST-shaped batches (the data loader's copy is not included). Score: microseconds per
 * call; samples/s = batch / score * 1e6.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class MlpTrainingBenchmark extends ClassifierBenchmark {

    @Param({"1", "2"})
    public int threads;

    @Param({"128"})
    public int batch;

    @Setup(Level.Trial)
    public void setUp() {
        Rng rng = Rng.seeded(1);
        Sequential model = new Sequential(new Linear(784, 256, rng), Activation.relu(), new Linear(256, 128, rng),
                Activation.relu(), new Linear(128, 10, rng));
        steps = new ClassifierSteps(model, rng, batch, threads);
    }
}
