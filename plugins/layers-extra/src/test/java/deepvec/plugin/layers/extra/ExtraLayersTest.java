package deepvec.plugin.layers.extra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.nn.layer.LayerRegistry;
import deepvec.nn.spi.PluginRegistry;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The extra layers against closed forms, and found through the plugin registry like any plugin. */
class ExtraLayersTest {

    private static final LayerRegistry LAYERS = PluginRegistry.standard().layers();

    @Test
    void theRegistryFindsThePluginsTypesOnTheClassPath() {
        assertTrue(LAYERS.knownTypes().containsAll(List.of("gelu", "silu", "layer_norm", "residual", "depthwise_separable_conv2d")),
                LAYERS.knownTypes().toString());
        String origin = (String) LAYERS.describe(LayerConfig.of("gelu")).settings().get(LayerRegistry.PLUGIN_SETTING);
        assertTrue(origin != null && origin.contains("@"), "a checkpoint records the plugin: " + origin);
    }

    @Test
    void geluAndSiluAreTheirClosedForms() {
        float[] x = {-3f, -1f, 0f, 0.5f, 1f, 2f};
        // x Phi(x) with Phi from tables; x sigma(x) from exp
        double[] phi = {0.0013498980, 0.1586552539, 0.5, 0.6914624613, 0.8413447461, 0.9772498681};
        float[] gelu = new Gelu().forward(Variable.constant(Tensor.of(x, 6))).value().toArray();
        float[] silu = new Silu().forward(Variable.constant(Tensor.of(x, 6))).value().toArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] * phi[i], gelu[i], 2e-6, "gelu(" + x[i] + ")");
            assertEquals(x[i] / (1 + Math.exp(-x[i])), silu[i], 2e-6, "silu(" + x[i] + ")");
        }
        assertEquals(0.6826894921, Erf.erf(1 / Math.sqrt(2)), 1.5e-7, "erf: the one-sigma probability");
    }

    @Test
    void layerNormGivesEachRowZeroMeanAndUnitVariance() {
        float[] values = new float[4 * 8];
        Rng.seeded(3).normal(5f, 3f, values, 0, values.length);
        float[] y = new LayerNorm(8, 1e-5f).forward(Variable.constant(Tensor.of(values, 4, 8))).value().toArray();
        for (int row = 0; row < 4; row++) {
            double mean = 0;
            double squares = 0;
            for (int j = 0; j < 8; j++) {
                mean += y[row * 8 + j] / 8.0;
                squares += y[row * 8 + j] * y[row * 8 + j] / 8.0;
            }
            assertEquals(0, mean, 1e-5);
            assertEquals(1, squares - mean * mean, 1e-3);
        }
    }

    @Test
    void aResidualBlockAddsItsBodyToItsInputAndBuildsPluginChildren() {
        Layer block = LAYERS.create(LayerConfig.of("residual", "layers", List.of(LayerConfig.of("silu"))), Rng.seeded(1));
        float[] x = {-2f, 0f, 3f};
        float[] y = block.predict(Tensor.of(x, 1, 3)).toArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(x[i] + x[i] / (1 + Math.exp(-x[i])), y[i], 1e-6);
        }
    }

    @Test
    void aDepthwiseSeparableConvolutionHoldsFewerParametersThanAFullOne() {
        Layer separable = LAYERS.create(LayerConfig.of("depthwise_separable_conv2d", "in", 32, "out", 64, "kernel", 3, "stride", 1,
                "padding", 1), Rng.seeded(1));
        long parameters = separable.namedParameters().values().stream().mapToLong(p -> p.value().size()).sum();
        assertEquals(32 * 9 + 32 + 32 * 64 + 64, parameters);
        assertTrue(parameters < 32 * 64 * 9 + 64);
        int[] shape = separable.predict(Tensor.zeros(2, 32, 14, 14)).shape();
        assertEquals(List.of(2, 64, 14, 14), java.util.Arrays.stream(shape).boxed().toList());
    }
}
