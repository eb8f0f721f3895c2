package deepvec.plugin.layers.extra;

import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.nn.layer.LayerRegistry;
import deepvec.simd.random.Rng;

/** Type {@code silu}: {@link Silu}, no settings. */
public final class SiluProvider extends ExtraLayerProvider {

    static final String TYPE = "silu";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Layer create(LayerConfig config, Rng rng, LayerRegistry registry) {
        return new Silu();
    }

    @Override
    public long stateElements(LayerConfig config, LayerRegistry registry) {
        return 0;
    }
}
