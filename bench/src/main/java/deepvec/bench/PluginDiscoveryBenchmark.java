package deepvec.bench;

import deepvec.nn.spi.LayerProvider;
import deepvec.nn.spi.OptimizerProvider;
import deepvec.nn.spi.PluginRegistry;
import deepvec.probabilistic.spi.SamplerProvider;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Plugin discovery at start-up: a fresh JVM per fork, one shot each, finding every layer,
 * optimiser and sampler provider (deepvec's own and the first-party plugins on the class path:
 * plugins/layers-extra and plugins/samplers-hmc), class loading included. The target is 50 ms.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 10, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class PluginDiscoveryBenchmark {

    @Benchmark
    public int discoverEveryProvider() {
        PluginRegistry registry = PluginRegistry.withProviders(List.of());
        int found = registry.providers(LayerProvider.class).size() + registry.providers(OptimizerProvider.class).size()
                + registry.providers(SamplerProvider.class).size();
        if (!registry.providers(LayerProvider.class).containsKey("gelu") || !registry.providers(SamplerProvider.class).containsKey("hmc")) {
            throw new IllegalStateException("the first-party plugins are not on the class path: " + registry.providers(LayerProvider.class)
                    .keySet());
        }
        return found;
    }
}
