package deepvec.plugin.layers.extra;

import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.nn.layer.LayerRegistry;
import deepvec.simd.random.Rng;

/** Type {@code gelu}: {@link Gelu}, no settings. */
public final class GeluProvider extends ExtraLayerProvider {

    static final String TYPE = "gelu";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Layer create(LayerConfig config, Rng rng, LayerRegistry registry) {
        return new Gelu();
    }

    @Override
    public long stateElements(LayerConfig config, LayerRegistry registry) {
        return 0;
    }
}
