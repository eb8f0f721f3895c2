package deepvec.plugin.layers.extra;

import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.nn.layer.LayerRegistry;
import deepvec.simd.random.Rng;

/**
 * Type {@code residual}: {@link Residual}, setting {@code layers} (the body's configs), each
 * built through the registry in use, so a body can hold other plugins' layers.
 */
public final class ResidualProvider extends ExtraLayerProvider {

    static final String TYPE = "residual";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Layer create(LayerConfig config, Rng rng, LayerRegistry registry) {
        return new Residual(config.layersSetting("layers").stream().map(child -> registry.create(child, rng)).toList());
    }

    @Override
    public long stateElements(LayerConfig config, LayerRegistry registry) {
        long total = 0;
        for (LayerConfig child : config.layersSetting("layers")) {
            total = Math.addExact(total, registry.stateElements(child));
        }
        return total;
    }
}
