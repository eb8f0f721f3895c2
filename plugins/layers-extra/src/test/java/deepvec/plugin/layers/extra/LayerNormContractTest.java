package deepvec.plugin.layers.extra;

import deepvec.nn.layer.LayerConfig;
import deepvec.nn.spi.LayerProvider;
import deepvec.plugin.testkit.LayerProviderContract;
import java.util.List;

/** The test kit's checks on {@code layer_norm}. */
class LayerNormContractTest extends LayerProviderContract {

    @Override
    protected LayerProvider provider() {
        return new LayerNormProvider();
    }

    @Override
    protected List<Case> cases() {
        return List.of(new Case(LayerConfig.of("layer_norm", "features", 6, "eps", 1e-5f), 3, 6),
                new Case(LayerConfig.of("layer_norm", "features", 4, "eps", 1e-5f), 2, 3, 4));
    }
}
