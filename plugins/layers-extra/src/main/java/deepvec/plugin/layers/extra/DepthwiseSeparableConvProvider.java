package deepvec.plugin.layers.extra;

import deepvec.nn.layer.InvalidModelException;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.nn.layer.LayerRegistry;
import deepvec.simd.random.Rng;

/**
 * Type {@code depthwise_separable_conv2d}: {@link DepthwiseSeparableConv}, settings {@code in},
 * {@code out}, {@code kernel}, {@code stride} and {@code padding}.
 */
public final class DepthwiseSeparableConvProvider extends ExtraLayerProvider {

    static final String TYPE = "depthwise_separable_conv2d";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Layer create(LayerConfig config, Rng rng, LayerRegistry registry) {
        return new DepthwiseSeparableConv(config.intSetting("in"), config.intSetting("out"), config.intSetting("kernel"),
                config.intSetting("stride"), config.intSetting("padding"), rng);
    }

    @Override
    public long stateElements(LayerConfig config, LayerRegistry registry) {
        long in = positive(config, "in");
        long out = positive(config, "out");
        long kernel = positive(config, "kernel");
        return Math.addExact(Math.multiplyExact(in, Math.multiplyExact(kernel, kernel) + 1), Math.multiplyExact(in + 1, out));
    }

    private static long positive(LayerConfig config, String name) {
        int value = config.intSetting(name);
        if (value < 1) {
            throw new InvalidModelException(TYPE + " setting '" + name + "' is " + value + "; expected at least 1");
        }
        return value;
    }
}
