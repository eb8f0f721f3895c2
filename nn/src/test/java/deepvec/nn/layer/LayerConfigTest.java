package deepvec.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.Variable;
import deepvec.nn.checkpoint.ModelDescription;
import deepvec.nn.spi.LayerProvider;
import deepvec.nn.spi.PluginRegistry;
import deepvec.simd.Recurrent;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layer configs rebuild every layer type; the registry reports what it cannot build. */
class LayerConfigTest {

    private static Sequential everyLayer(Rng rng) {
        return new Sequential(new Linear(6, 8, rng), Activation.relu(), Activation.leakyRelu(0.05f), new PRelu(8),
                new Dropout(0.25f, 77), Activation.abs(), new SparsityPenalty(1e-3f), new Maxout(8, 5, 3, rng),
                Activation.sigmoid(), Activation.tanh(), Activation.softplus(), new Linear(5, 4, rng), Activation.softmax());
    }

    private static Sequential everyImageLayer(Rng rng) {
        return new Sequential(Reshape.toImages(2, 6, 6), new Conv2d(2, 4, new Conv2d.Shape(new int[] {3, 2}, new int[] {1, 2},
                new int[] {1, 1}, new int[] {2, 1}, 2), true, rng), new BatchNorm(4, 0.2f, 1e-4f), new LocalResponseNorm(),
                Activation.relu(), new Pool2d(Pool2d.Kind.MAX, 2, 1, 1), new Pool2d(Pool2d.Kind.AVERAGE, 3, 1, 1),
                new Conv2d(4, 3, Conv2d.Shape.square(1, 1, 0), false, rng), Pool2d.globalAverage(), Reshape.flatten(),
                new Linear(3, 2, rng));
    }

    @Test
    void everyBuiltInLayerRoundTripsThroughItsConfigAndJson() {
        assertRoundTrip(everyLayer(Rng.seeded(1)), Rng.seeded(3).uniform(-1f, 1f, 5, 6));
        Sequential images = everyImageLayer(Rng.seeded(1));
        Tensor batch = Rng.seeded(4).uniform(-1f, 1f, 5, 72);
        ForwardContext.training().call(() -> images.forward(Variable.constant(batch)));     // moves the running statistics
        assertRoundTrip(images, Rng.seeded(3).uniform(-1f, 1f, 5, 72));
    }

    @Test
    void recurrentLayersRoundTripAndStackAsSequences() {
        Rng rng = Rng.seeded(7);
        Sequential model = new Sequential(Reshape.toSequences(4, 3), new RecurrentLayer(Recurrent.Cell.LSTM, 3, 5, true, 1.5f, rng),
                new RecurrentLayer(Recurrent.Cell.GRU, 5, 4, true, rng), new Bidirectional(Recurrent.Cell.TANH, 4, 3, true, rng),
                new LeakyRecurrentLayer(6, 5, 0.9f, true, 2, true, rng), new LeakyRecurrentLayer(5, 4, 0.6f, false, 1, true, rng),
                new RecurrentLayer(Recurrent.Cell.TANH, 4, 6, false, rng), new Linear(6, 2, rng));
        assertRoundTrip(model, Rng.seeded(8).uniform(-1f, 1f, 3, 12));
        assertArrayEquals(new int[] {20, 3}, model.namedParameters().get("1.weight_ih").value().shape(), "PyTorch's [4H, D]");
        assertEquals(1f, model.namedParameters().get("1.bias_ih").value().get(5), "the LSTM's forget-gate bias starts at 1");
        Tensor recurrent = model.namedParameters().get("2.weight_hh").value().slice(0, 4, 8);        // the GRU's z block
        Tensor gram = deepvec.simd.Gemm.matmul(recurrent, recurrent.transpose(0, 1));
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(i == j ? 1f : 0f, gram.get(i, j), 1e-5f, "recurrent weights orthogonal per gate");
            }
        }
    }

    @Test
    void anEmbeddedRecurrentModelRoundTrips() {
        Rng rng = Rng.seeded(9);
        Sequential model = new Sequential(new Embedding(7, 3, rng), new RecurrentLayer(Recurrent.Cell.GRU, 3, 4, true, rng),
                Reshape.toRows(4), new Linear(4, 7, rng));
        assertRoundTrip(model, Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 1}, 2, 4));
        assertArrayEquals(new int[] {8, 7}, model.predict(Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 1}, 2, 4)).shape());
        Sequential hierarchical = new Sequential(new Linear(3, 4, rng), new HierarchicalSoftmax(4, new int[] {0, 1, 1, 0, 2}, rng));
        assertRoundTrip(hierarchical, Rng.seeded(10).uniform(-1f, 1f, 2, 3));
    }

    @Test
    void namedLayersAndCompositesKeepTheirPathNames() {
        Rng rng = Rng.seeded(5);
        Sequential model = Sequential.named(Map.entry("input", new Linear(6, 6, rng)),
                Map.entry("tied", new Autoencoder(6, 3, Activation.identity(), true, rng)),
                Map.entry("untied", new Autoencoder(6, 2, Activation.tanh(), false, rng)));
        assertEquals(List.of("input.weight", "input.bias", "tied.decoder_bias", "tied.encoder.weight", "tied.encoder.bias",
                "untied.encoder.weight", "untied.encoder.bias", "untied.decoder.weight", "untied.decoder.bias"),
                List.copyOf(model.namedParameters().keySet()));
        assertRoundTrip(model, Rng.seeded(6).uniform(-1f, 1f, 4, 6));
        assertThrows(IllegalArgumentException.class, () -> Sequential.named(Map.entry("a.b", Activation.relu())));
        assertThrows(IllegalArgumentException.class, () -> Sequential.named(Map.entry("a", Activation.relu()),
                Map.entry("a", Activation.tanh())));
    }

    private static void assertRoundTrip(Sequential model, Tensor input) {
        LayerConfig config = model.config();
        LayerConfig parsed = ModelDescription.fromJson(ModelDescription.toJson(config));
        Layer rebuilt = LayerRegistry.standard().create(parsed, Rng.seeded(2));
        assertEquals(ModelDescription.toJson(config), ModelDescription.toJson(rebuilt.config()));
        assertEquals(model.namedParameters().keySet(), rebuilt.namedParameters().keySet());
        assertEquals(model.namedBuffers().keySet(), rebuilt.namedBuffers().keySet());
        long held = model.namedParameters().values().stream().mapToLong(p -> p.value().size()).sum()
                + model.namedBuffers().values().stream().mapToLong(Tensor::size).sum();
        assertEquals(held, LayerRegistry.standard().stateElements(parsed), "the size computed from the description alone");
        model.namedParameters().forEach((name, p) ->
                assertArrayEquals(p.value().shape(), rebuilt.namedParameters().get(name).value().shape(), name));
        // with the parameters and buffers copied, the rebuilt model computes the same function
        model.namedParameters().forEach((name, p) -> System.arraycopy(p.value().data(), 0,
                rebuilt.namedParameters().get(name).value().data(), 0, p.value().size()));
        model.namedBuffers().forEach((name, b) -> System.arraycopy(b.data(), 0, rebuilt.namedBuffers().get(name).data(), 0, b.size()));
        assertArrayEquals(model.predict(input).toArray(), rebuilt.predict(input).toArray(), 0f);
    }

    @Test
    void sizesFromADescriptionAreCheckedWithoutAllocating() {
        LayerRegistry registry = LayerRegistry.standard();
        assertEquals(46_000L * 46_000 + 46_000, registry.stateElements(LayerConfig.of("linear", "in", 46_000, "out", 46_000)));
        InvalidModelException overflow = assertThrows(InvalidModelException.class, () -> registry.stateElements(
                LayerConfig.of("maxout", "in", Integer.MAX_VALUE, "out", Integer.MAX_VALUE, "pieces", Integer.MAX_VALUE)));
        assertTrue(overflow.getMessage().contains("maxout"), overflow.getMessage());
        InvalidModelException negative = assertThrows(InvalidModelException.class,
                () -> registry.stateElements(LayerConfig.of("batch_norm", "channels", -3, "momentum", 0.1, "eps", 1e-5)));
        assertTrue(negative.getMessage().contains("at least 1"), negative.getMessage());
        assertThrows(UnknownLayerTypeException.class, () -> registry.stateElements(LayerConfig.of("sequential", "layers",
                List.of(LayerConfig.of("capsule")))));
    }

    @Test
    void unknownTypesAndBadSettingsAreNamed() {
        LayerRegistry registry = LayerRegistry.standard();
        UnknownLayerTypeException unknown = assertThrows(UnknownLayerTypeException.class,
                () -> registry.create(LayerConfig.of("capsule", "plugin", "org.example.capsules@1.2"), Rng.seeded(1)));
        assertEquals("capsule", unknown.type());
        assertTrue(unknown.getMessage().contains("org.example.capsules@1.2"), unknown.getMessage());
        InvalidModelException missing = assertThrows(InvalidModelException.class,
                () -> registry.create(LayerConfig.of("linear", "in", 3), Rng.seeded(1)));
        assertTrue(missing.getMessage().contains("'out'"), missing.getMessage());
        InvalidModelException fractional = assertThrows(InvalidModelException.class,
                () -> registry.create(LayerConfig.of("linear", "in", 3.5, "out", 2), Rng.seeded(1)));
        assertTrue(fractional.getMessage().contains("integer"), fractional.getMessage());
        InvalidModelException invalid = assertThrows(InvalidModelException.class,
                () -> registry.create(LayerConfig.of("dropout", "p", 1.5, "seed", 1), Rng.seeded(1)));
        assertTrue(invalid.getMessage().contains("[0, 1)"), invalid.getMessage());
        assertThrows(InvalidModelException.class, () -> ModelDescription.fromJson("{\"format\":\"other\"}"));
        assertThrows(InvalidModelException.class, () -> ModelDescription.fromJson("{not json"));
    }

    /** A provider as a plugin would write one: a layer that doubles its input. */
    private static final class DoublingProvider implements LayerProvider {
        @Override
        public String type() {
            return "double";
        }

        @Override
        public String version() {
            return "0.3";
        }

        @Override
        public int spiVersion() {
            return SPI_VERSION;
        }

        @Override
        public long stateElements(LayerConfig config, LayerRegistry registry) {
            return 0;
        }

        @Override
        public Layer create(LayerConfig config, Rng rng, LayerRegistry registry) {
            return new Layer() {
                @Override
                public Variable forward(Variable input) {
                    return deepvec.nn.autograd.Ops.scale(input, 2f);
                }

                @Override
                public LayerConfig config() {
                    return LayerConfig.of("double");
                }
            };
        }
    }

    @Test
    void pluginProvidersBuildTheirTypesAndAreRecordedInDescriptions() {
        LayerRegistry registry = PluginRegistry.withProviders(List.of(new DoublingProvider())).layers();
        Layer doubled = registry.create(LayerConfig.of("sequential", "layers", List.of(LayerConfig.of("double"))), Rng.seeded(1));
        Variable y = doubled.forward(Variable.constant(deepvec.simd.Tensor.of(new float[] {1.5f}, 1, 1)));
        assertEquals(3f, y.value().get(0, 0));
        LayerConfig described = registry.describe(doubled.config());
        String plugin = (String) described.layersSetting("layers").get(0).settings().get(LayerRegistry.PLUGIN_SETTING);
        assertTrue(plugin.endsWith("@0.3"), plugin);
        assertFalse(registry.describe(LayerConfig.of("linear", "in", 1, "out", 1)).settings().containsKey(LayerRegistry.PLUGIN_SETTING),
                "deepvec's own types record no plugin");

        PluginRegistry twice = PluginRegistry.withProviders(List.of(new DoublingProvider(), new DoublingProvider()));
        assertFalse(twice.layers().knownTypes().contains("double"), "a type claimed twice is refused for both");
        assertTrue(twice.problems().stream().anyMatch(p -> p.message().contains("'double' is provided by")), twice.problems().toString());
    }
}
