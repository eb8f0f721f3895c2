package deepvec.bench;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.spi.PluginRegistry;
import deepvec.nn.spi.Settings;
import deepvec.probabilistic.mcmc.Chain;
import deepvec.probabilistic.mcmc.LogDensity;
import deepvec.probabilistic.mcmc.Sampler;
import deepvec.probabilistic.spi.SamplerProvider;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Locale;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Effective samples per second of the samplers found through the {@link SamplerProvider} SPI on
 * a 100-dimensional correlated Gaussian, N(0, Sigma) with {@code Sigma_ij = 0.8^|i-j|}
 * (condition number 81), as an autograd log-density. One call runs a chain of fixed length
 * from the same seed, so its effective sample size (the smallest over the coordinates, printed
 * once per trial) is fixed and ESS/s = that ESS / the time per call. Random-walk Metropolis
 * runs 200,000 transitions after 20,000 of burn-in (its ESS from a shorter chain is too noisy to
 * compare), HMC 1,000 after 200, each of 20 leapfrog steps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class SamplerBenchmark {

    private static final int DIMENSION = 100;
    private static final double RHO = 0.8;

    @Param({"metropolis", "hmc"})
    public String sampler;

    private Sampler chosen;
    private LogDensity target;
    private int burnIn;
    private int count;

    @Setup(Level.Trial)
    public void setUp() {
        chosen = PluginRegistry.standard().provider(SamplerProvider.class, sampler).create(Settings.NONE);
        target = correlatedGaussian();
        boolean hmc = sampler.equals("hmc");
        burnIn = hmc ? 200 : 20_000;
        count = hmc ? 1_000 : 200_000;          // long enough for the random walk's ESS to be estimated
        Chain chain = run();
        System.out.printf(Locale.ROOT, "%n%s: %d kept states, %d density evaluations, acceptance %.3f, min ESS %.1f%n", sampler,
                count, chain.densityEvaluations(), chain.acceptanceRate(), chain.minEffectiveSampleSize());
    }

    @Benchmark
    public Chain run() {
        return chosen.sample(target, new double[DIMENSION], burnIn, count, Rng.seeded(2));
    }

    /** log N(x; 0, Sigma) up to a constant, with the AR(1) precision, which is tridiagonal. */
    static LogDensity correlatedGaussian() {
        float[] precision = new float[DIMENSION * DIMENSION];
        double scale = 1 / (1 - RHO * RHO);
        for (int i = 0; i < DIMENSION; i++) {
            precision[i * DIMENSION + i] = (float) ((i == 0 || i == DIMENSION - 1 ? 1 : 1 + RHO * RHO) * scale);
            if (i + 1 < DIMENSION) {
                precision[i * DIMENSION + i + 1] = (float) (-RHO * scale);
                precision[(i + 1) * DIMENSION + i] = (float) (-RHO * scale);
            }
        }
        Variable p = Variable.constant(Tensor.of(precision, DIMENSION, DIMENSION));
        return LogDensity.of(DIMENSION, x -> Ops.scale(Ops.sum(Ops.mul(Ops.matmul(x, p), x)), -0.5f));
    }
}
