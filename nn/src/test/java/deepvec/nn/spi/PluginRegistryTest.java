package deepvec.nn.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.layer.LayerConfig;
import deepvec.nn.layer.LayerRegistry;
import deepvec.nn.optim.Adam;
import deepvec.nn.optim.Optimizer;
import deepvec.nn.optim.Sgd;
import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {

    @TempDir
    Path dir;

    @Test
    void deepvecsOwnLayersAndOptimisersAreFoundThroughTheirProviders() {
        PluginRegistry registry = PluginRegistry.standard();
        assertTrue(registry.layers().knownTypes().containsAll(List.of("linear", "conv2d", "lstm", "gru", "sequential")));
        assertTrue(registry.providers(OptimizerProvider.class).keySet().containsAll(
                List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adadelta")));
        registry.providers(LayerProvider.class).values().forEach(p -> assertTrue(registry.isOwn(p), p.type()));
        assertEquals(List.of(), registry.problems());
    }

    @Test
    void anOptimiserByNameIsTheOneBuiltInCodeWithTheBooksDefaults() {
        Variable w = Variable.parameter(Tensor.of(new float[] {1f, -2f}, 2));
        Optimizer byName = PluginRegistry.standard().provider(OptimizerProvider.class, "adam").create(Map.of("w", w), 0.1f, Settings.NONE);
        assertTrue(byName instanceof Adam);
        Optimizer momentum = PluginRegistry.standard().provider(OptimizerProvider.class, "momentum")
                .create(Map.of("w", w), 0.1f, new Settings(Map.of("momentum", 0.5)));
        assertTrue(momentum instanceof Sgd);
        UnknownProviderException unknown = assertThrows(UnknownProviderException.class,
                () -> PluginRegistry.standard().provider(OptimizerProvider.class, "lbfgs"));
        assertTrue(unknown.getMessage().contains("adam"), unknown.getMessage());
        IllegalArgumentException badValue = assertThrows(IllegalArgumentException.class, () -> PluginRegistry.standard()
                .provider(OptimizerProvider.class, "adam").create(Map.of("w", w), 0.1f, new Settings(Map.of("rho1", "high"))));
        assertTrue(badValue.getMessage().contains("rho1"), badValue.getMessage());
    }

    @Test
    void deepvecDeclaresEachOfItsProvidersInTheModuleDescriptorAndInMetaInfServices() throws IOException {
        Path classes = Path.of(LayerProvider.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        assertTrue(Files.isRegularFile(classes.resolve("module-info.class")), classes.toString());
        assertEquals(List.of(), ServiceDeclarations.mismatches(classes));
    }

    @Test
    void aPluginFolderAddsItsTypesAndTheCheckpointRecordsThePlugin() throws IOException {
        Path folder = dir.resolve("plugins");
        PluginJars.layerPlugin(folder, "square", "square", "", "LayerProvider.SPI_VERSION", true, true);
        PluginRegistry registry = PluginRegistry.fromDirectory(folder);
        assertEquals(List.of(), registry.problems());
        LayerRegistry layers = registry.layers();
        assertTrue(layers.knownTypes().contains("square"));
        LayerProvider square = registry.providers(LayerProvider.class).get("square");
        assertFalse(registry.isOwn(square));
        ProviderInfo info = registry.describe(LayerProvider.class, square);
        assertTrue(info.location().endsWith("square.jar"), info.toString());
        assertEquals("1.0", info.version());
        LayerConfig described = layers.describe(layers.create(LayerConfig.of("square"), Rng.seeded(1)).config());
        // the layer built is the identity, whose config says "identity"; describe a config naming the plugin type instead
        assertEquals("identity", described.type());
        String origin = (String) layers.describe(LayerConfig.of("square")).settings().get(LayerRegistry.PLUGIN_SETTING);
        assertTrue(origin.endsWith("@1.0"), origin);
        assertFalse(PluginRegistry.standard().layers().knownTypes().contains("square"), "the folder's types stay in its own registry");
    }

    @Test
    void aBrokenPluginIsReportedWithItsJarAndTheOthersStillLoad() throws IOException {
        Path folder = dir.resolve("plugins");
        PluginJars.layerPlugin(folder, "good", "good", "", "LayerProvider.SPI_VERSION", true, true);
        PluginJars.layerPlugin(folder, "throwing", "throwing", "if (true) throw new IllegalStateException(\"no licence key\");",
                "LayerProvider.SPI_VERSION", true, true);
        PluginJars.layerPlugin(folder, "old", "old", "", "0", true, true);
        PluginJars.layerPlugin(folder, "halfdeclared", "halfdeclared", "", "LayerProvider.SPI_VERSION", true, false);
        PluginJars.layerPlugin(folder, "twin1", "twin", "", "LayerProvider.SPI_VERSION", true, true);
        PluginJars.layerPlugin(folder, "twin2", "twin", "", "LayerProvider.SPI_VERSION", true, true);
        PluginJars.layerPlugin(folder, "shadow", "linear", "", "LayerProvider.SPI_VERSION", true, true);
        Files.writeString(folder.resolve("corrupt.jar"), "not a zip");
        PluginRegistry registry = PluginRegistry.fromDirectory(folder);
        LayerRegistry layers = registry.layers();

        assertTrue(layers.knownTypes().contains("good"));
        for (String refused : List.of("throwing", "old", "halfdeclared", "twin")) {
            assertFalse(layers.knownTypes().contains(refused), refused);
        }
        assertTrue(registry.isOwn(registry.providers(LayerProvider.class).get("linear")), "deepvec's own type is kept");
        String problems = registry.problems().toString();
        assertTrue(problems.contains("no licence key") && problems.contains("throwing.jar"), problems);
        assertTrue(problems.contains("SPI version 0") && problems.contains("deepvec.nn"), problems);
        assertTrue(problems.contains("halfdeclared.jar") && problems.contains("META-INF/services"), problems);
        assertTrue(problems.contains("twin1.jar") && problems.contains("twin2.jar"), problems);
        assertTrue(problems.contains("'linear'") && problems.contains("deepvec's own"), problems);
        assertTrue(problems.contains("corrupt.jar"), problems);
    }

    @Test
    void aPluginFactoryThatFailsIsNamedWhenAModelIsBuilt() throws IOException {
        Path folder = dir.resolve("plugins");
        PluginJars.layerPlugin(folder, "fragile", "fragile", "", "LayerProvider.SPI_VERSION", true, true);
        LayerProvider fragile = new LayerProvider() {
            @Override
            public String type() {
                return "brittle";
            }

            @Override
            public String version() {
                return "2.0";
            }

            @Override
            public int spiVersion() {
                return SPI_VERSION;
            }

            @Override
            public deepvec.nn.layer.Layer create(LayerConfig config, Rng rng, LayerRegistry registry) {
                throw new IllegalStateException("the GPU is on fire");
            }

            @Override
            public long stateElements(LayerConfig config, LayerRegistry registry) {
                return 0;
            }
        };
        LayerRegistry layers = PluginRegistry.withProviders(List.of(fragile)).layers();
        PluginFailureException failure = assertThrows(PluginFailureException.class,
                () -> layers.create(LayerConfig.of("sequential", "layers", List.of(LayerConfig.of("brittle"))), Rng.seeded(1)));
        assertTrue(failure.getMessage().contains("'brittle'") && failure.getMessage().contains("@2.0")
                && failure.getMessage().contains("the GPU is on fire"), failure.getMessage());
        assertTrue(PluginRegistry.fromDirectory(folder).layers().describe(LayerConfig.of("fragile")).settings()
                .get(LayerRegistry.PLUGIN_SETTING).equals("fragile.jar@1.0"), "a class-path plugin is recorded by its jar");
    }

    @Test
    void aMissingFolderIsNamed() throws IOException {
        assertThrows(NoSuchFileException.class, () -> PluginRegistry.fromDirectory(dir.resolve("absent")));
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertThrows(NotDirectoryException.class, () -> PluginRegistry.fromDirectory(file));
    }
}
