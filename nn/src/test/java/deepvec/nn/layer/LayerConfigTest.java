package deepvec.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.Variable;
import deepvec.nn.checkpoint.ModelDescription;
import deepvec.simd.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Layer configs rebuild every layer type; the registry reports what it cannot build. */
class LayerConfigTest {

    private static Sequential everyLayer(Rng rng) {
        return new Sequential(new Linear(6, 8, rng), Activation.relu(), Activation.leakyRelu(0.05f), new PRelu(8),
                new Dropout(0.25f, 77), Activation.abs(), new SparsityPenalty(1e-3f), new Maxout(8, 5, 3, rng),
                Activation.sigmoid(), Activation.tanh(), Activation.softplus(), new Linear(5, 4, rng), Activation.softmax());
    }

    @Test
    void everyBuiltInLayerRoundTripsThroughItsConfigAndJson() {
        Sequential model = everyLayer(Rng.seeded(1));
        LayerConfig config = model.config();
        LayerConfig parsed = ModelDescription.fromJson(ModelDescription.toJson(config));
        Layer rebuilt = LayerRegistry.standard().create(parsed, Rng.seeded(2));
        assertEquals(ModelDescription.toJson(config), ModelDescription.toJson(rebuilt.config()));
        assertEquals(model.namedParameters().keySet(), rebuilt.namedParameters().keySet());
        model.namedParameters().forEach((name, p) ->
                assertArrayEquals(p.value().shape(), rebuilt.namedParameters().get(name).value().shape(), name));
        // with the parameters copied, the rebuilt model computes the same function
        model.namedParameters().forEach((name, p) -> System.arraycopy(p.value().data(), 0,
                rebuilt.namedParameters().get(name).value().data(), 0, p.value().size()));
        model.setTraining(false);
        rebuilt.setTraining(false);
        Variable x = Variable.constant(Rng.seeded(3).uniform(-1f, 1f, 5, 6));
        assertArrayEquals(Autograd.noGrad(() -> model.forward(x)).value().toArray(),
                Autograd.noGrad(() -> rebuilt.forward(x)).value().toArray(), 0f);
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
        public Layer create(LayerConfig config, Rng rng) {
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
        LayerRegistry registry = LayerRegistry.withProviders(List.of(new DoublingProvider()));
        Layer doubled = registry.create(LayerConfig.of("sequential", "layers", List.of(LayerConfig.of("double"))), Rng.seeded(1));
        Variable y = doubled.forward(Variable.constant(deepvec.simd.Tensor.of(new float[] {1.5f}, 1, 1)));
        assertEquals(3f, y.value().get(0, 0));
        LayerConfig described = registry.describe(doubled.config());
        String plugin = (String) described.layersSetting("layers").get(0).settings().get(LayerRegistry.PLUGIN_SETTING);
        assertTrue(plugin.endsWith("@0.3"), plugin);
        assertThrows(IllegalStateException.class, () -> LayerRegistry.withProviders(List.of(new DoublingProvider(), new DoublingProvider())));
    }
}
