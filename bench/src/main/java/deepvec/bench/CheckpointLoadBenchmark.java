package deepvec.bench;

import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerRegistry;
import deepvec.nn.layer.Sequential;
import deepvec.nn.optim.Adam;
import deepvec.nn.zoo.ConvNets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading a checkpoint of the batch-norm CNN ({@link ConvNets#batchNormalized}) with its Adam
 * state, every strict check included (checksum over the whole file, exact tiling, typed header,
 * sizes from the description, finite values): rebuilding the model from the file, and resuming
 * model and optimizer. Score: milliseconds per load, from the page cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class CheckpointLoadBenchmark {

    private Path folder;
    private Path file;
    private Sequential model;
    private Adam optimizer;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        folder = Files.createTempDirectory("deepvec-checkpoint-bench");
        file = folder.resolve("cnn-bn.safetensors");
        Sequential saved = ConvNets.batchNormalized(10, 0.25f, 1);
        Adam savedOptimizer = new Adam(saved.namedParameters(), 1e-3f);
        saved.parameters().forEach(p -> p.accumulateGrad(deepvec.simd.Tensor.full(1e-3f, p.value().shape())));
        savedOptimizer.step();                                          // Adam's two moment buffers per parameter
        Checkpoint.save(file, Checkpoint.Components.of(saved, savedOptimizer), 1, LayerRegistry.standard());
        model = ConvNets.batchNormalized(10, 0.25f, 1);
        optimizer = new Adam(model.namedParameters(), 1e-3f);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(folder);
    }

    @Benchmark
    public Layer loadModel() throws IOException {
        return Checkpoint.loadModel(file, LayerRegistry.standard());
    }

    @Benchmark
    public int resume() throws IOException {
        return Checkpoint.resume(file, Checkpoint.Components.of(model, optimizer), LayerRegistry.standard());
    }
}
