package deepvec.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.GradCheck;
import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.checkpoint.ModelDescription;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.nn.layer.LayerRegistry;
import deepvec.nn.spi.LayerProvider;
import deepvec.nn.spi.PluginRegistry;
import deepvec.simd.ComputePool;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks a layer plugin passes, as a JUnit base class: extend it, return your provider and
 * a few configurations with the input shape each reads, and every check runs on each config.
 *
 * <pre>{@code
 * class SquareProviderTest extends LayerProviderContract {
 *     protected LayerProvider provider() { return new SquareProvider(); }
 *     protected List<Case> cases() { return List.of(new Case(LayerConfig.of("square"), 4, 3)); }
 * }
 * }</pre>
 *
 * Checked: the provider is declared in {@code module-info} and {@code META-INF/services} alike
 * and describes itself; the layer's config rebuilds an equal layer, also through its JSON
 * description, and {@code stateElements} counts what it holds; back-propagated gradients with
 * respect to the input and to every parameter match central differences (section 6.5); a
 * checkpoint round trip gives bit-identical outputs and records the plugin; forward and backward
 * are bit-identical on one thread and on two.
 */
public abstract class LayerProviderContract {

    /** A configuration to check, with the shape of the input batch its layer reads. */
    public record Case(LayerConfig config, int... inputShape) {
    }

    @TempDir
    Path folder;

    /** The provider under test. */
    protected abstract LayerProvider provider();

    /** The configurations to check (at least one). */
    protected abstract List<Case> cases();

    /** The finite-difference step; a layer with kinks (max, abs) may want a smaller one. */
    protected double gradientStep() {
        return 1e-2;
    }

    /** The largest relative gradient error accepted (float32 forward passes). */
    protected double gradientTolerance() {
        return 2e-2;
    }

    /** The registry the layers are built in: deepvec's own types plus this provider. */
    protected final LayerRegistry registry() {
        return PluginRegistry.withProviders(List.of(provider())).layers();
    }

    @Test
    void isDeclaredInModuleInfoAndMetaInfServices() throws IOException {
        Declarations.check(LayerProvider.class, provider());
    }

    @Test
    void describesItself() {
        Declarations.describesItself(LayerProvider.class, provider(), LayerProvider.SPI_VERSION);
        assertFalse(cases().isEmpty(), "give at least one case to check");
    }

    @Test
    void itsConfigRebuildsAnEqualLayerAndCountsWhatItHolds() {
        LayerRegistry registry = registry();
        for (Case c : cases()) {
            Layer layer = registry.create(c.config(), Rng.seeded(1));
            assertEquals(c.config(), layer.config(), "config() must return the config the layer was built from");
            String json = ModelDescription.toJson(layer.config());
            LayerConfig parsed = ModelDescription.fromJson(json);
            Layer rebuilt = registry.create(parsed, Rng.seeded(1));
            assertEquals(json, ModelDescription.toJson(rebuilt.config()), "the layer built from the JSON description must describe itself alike");
            assertArrayEquals(layer.predict(input(c, 3)).toArray(), rebuilt.predict(input(c, 3)).toArray(), 0f,
                    "the same config and seed must build the same layer");
            long held = layer.namedParameters().values().stream().mapToLong(p -> p.value().size()).sum()
                    + layer.namedBuffers().values().stream().mapToLong(Tensor::size).sum();
            assertEquals(held, registry.stateElements(c.config()), "stateElements must count every parameter and buffer value");
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (Case c : cases()) {
            Layer layer = registry().create(c.config(), Rng.seeded(2));
            Tensor x = input(c, 4);
            GradCheck.Result wrtInput = GradCheck.check(v -> layer.forward(v[0]), gradientStep(), x);
            assertTrue(wrtInput.maxError() < gradientTolerance(), "input gradient of " + c.config() + ": " + wrtInput);
            if (!layer.namedParameters().isEmpty()) {
                GradCheck.Result wrtParameters = GradCheck.checkParameters(() -> layer.forward(Variable.constant(x)),
                        layer.namedParameters(), gradientStep(), 1);
                assertTrue(wrtParameters.maxError() < gradientTolerance(), "parameter gradient of " + c.config() + ": " + wrtParameters);
            }
        }
    }

    @Test
    void aCheckpointRoundTripGivesTheSameOutputsAndRecordsThePlugin() throws IOException {
        LayerRegistry registry = registry();
        for (Case c : cases()) {
            Layer layer = registry.create(c.config(), Rng.seeded(3));
            Path file = folder.resolve(c.config().type() + "-" + Integer.toHexString(c.hashCode()) + ".safetensors");
            Checkpoint.save(file, layer, registry);
            Layer loaded = Checkpoint.loadModel(file, registry);
            Tensor x = input(c, 5);
            assertArrayEquals(layer.predict(x).toArray(), loaded.predict(x).toArray(), 0f, "outputs after a checkpoint round trip");
            if (!registry.plugins().isOwn(provider())) {
                assertTrue(registry.describe(layer.config()).toString().contains(LayerRegistry.PLUGIN_SETTING),
                        "a checkpoint must record the plugin of a type that is not deepvec's own");
            }
        }
        try (var files = Files.list(folder)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary files left");
        }
    }

    @Test
    void forwardAndBackwardAreBitIdenticalOnOneAndTwoThreads() {
        for (Case c : cases()) {
            List<float[]> one = forwardAndBackward(c, 1);
            List<float[]> two = forwardAndBackward(c, 2);
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i), two.get(i), 0f, "result " + i + " of " + c.config() + " on 1 and 2 threads");
            }
        }
    }

    private List<float[]> forwardAndBackward(Case c, int threads) {
        Layer layer = registry().create(c.config(), Rng.seeded(4));
        try (ComputePool pool = ComputePool.ofThreads(threads)) {
            return pool.call(() -> {
                Variable x = Variable.parameter(input(c, 6));
                Variable y = layer.forward(x);
                Ops.sum(Ops.mul(y, y)).backward();
                List<float[]> results = new ArrayList<>(List.of(y.value().toArray(), x.grad().toArray()));
                for (Map.Entry<String, Variable> p : layer.namedParameters().entrySet()) {
                    results.add(p.getValue().grad() == null ? new float[0] : p.getValue().grad().toArray());
                }
                return results;
            });
        }
    }

    /** A seeded standard normal input of the case's shape. */
    private static Tensor input(Case c, long seed) {
        int size = 1;
        for (int d : c.inputShape()) {
            size *= d;
        }
        float[] values = new float[size];
        Rng.seeded(seed).normal(0f, 1f, values, 0, size);
        return Tensor.of(values, c.inputShape());
    }
}
