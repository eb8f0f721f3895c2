package deepvec.bench;

import deepvec.simd.ComputePool;
import deepvec.simd.ConvGeometry;
import deepvec.simd.Convolution;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
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
 * The two convolutions of the reference CNN on a batch of 64 images, 3x3 kernels with padding 1
 * and stride 1: conv 1->32 on 28x28 and conv 32->64 on 14x14. {@code forward} is Y = W * X + b;
 * {@code forwardBackward} adds the input, weight and bias gradients. Score: microseconds per
 * call; GFLOP/s = {@link #flops} / score / 1000 for forward and three times that for
 * forward + backward. The peer is the same convolution lowered to one GEMM over the batch
 * (shapes 32x50176x9 and 64x12544x288 in {@link GemmBenchmark}, OpenBLAS included), without
 * the lowering itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class ConvBenchmark {

    /** Input channels x output channels x image side. */
    @Param({"1x32x28", "32x64x14"})
    public String layer;

    @Param({"1", "2"})
    public int threads;

    @Param({"64"})
    public int batch;

    private ComputePool pool;
    private ConvGeometry geometry;
    private Tensor input;
    private Tensor weight;
    private Tensor bias;
    private Tensor gradOutput;

    @Setup(Level.Trial)
    public void setUp() {
        int[] sizes = parse(layer);
        Rng rng = Rng.seeded(3);
        input = rng.uniform(-1f, 1f, batch, sizes[0], sizes[2], sizes[2]);
        weight = rng.uniform(-0.5f, 0.5f, sizes[1], sizes[0], 3, 3);
        bias = rng.uniform(-0.5f, 0.5f, sizes[1]);
        int[] one = {1, 1};
        geometry = Convolution.geometry(input, weight, one, one, one, 1);
        gradOutput = rng.uniform(-1f, 1f, batch, sizes[1], sizes[2], sizes[2]);
        pool = ComputePool.ofThreads(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    /** Floating-point operations of one forward pass: 2 N O H W C 9. */
    public static double flops(String layer, int batch) {
        int[] s = parse(layer);
        return 2.0 * batch * s[1] * s[2] * s[2] * s[0] * 9;
    }

    private static int[] parse(String layer) {
        String[] parts = layer.split("x");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    }

    @Benchmark
    public Tensor forward() {
        return pool.call(() -> Convolution.forward(geometry, input, weight, bias));
    }

    @Benchmark
    public Tensor[] forwardBackward() {
        return pool.call(() -> new Tensor[] {
            Convolution.forward(geometry, input, weight, bias),
            Convolution.inputGradient(geometry, gradOutput, weight),
            Convolution.weightGradient(geometry, input, gradOutput, weight.dim(0)),
            Convolution.biasGradient(gradOutput),
        });
    }
}
