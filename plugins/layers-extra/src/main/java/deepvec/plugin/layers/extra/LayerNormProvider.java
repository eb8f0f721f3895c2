package deepvec.plugin.layers.extra;

import deepvec.nn.layer.InvalidModelException;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.nn.layer.LayerRegistry;
import deepvec.simd.random.Rng;

/** Type {@code layer_norm}: {@link LayerNorm}, settings {@code features} and {@code eps}. */
public final class LayerNormProvider extends ExtraLayerProvider {

    static final String TYPE = "layer_norm";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Layer create(LayerConfig config, Rng rng, LayerRegistry registry) {
        return new LayerNorm(config.intSetting("features"), config.floatSetting("eps"));
    }

    @Override
    public long stateElements(LayerConfig config, LayerRegistry registry) {
        int features = config.intSetting("features");
        if (features < 1) {
            throw new InvalidModelException("layer_norm setting 'features' is " + features + "; expected at least 1");
        }
        return 2L * features;
    }
}
