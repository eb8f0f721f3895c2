package deepvec.plugin.layers.extra;

import deepvec.nn.layer.LayerConfig;
import deepvec.nn.spi.LayerProvider;
import deepvec.plugin.testkit.LayerProviderContract;
import java.util.List;

/** The test kit's checks on {@code residual}. */
class ResidualContractTest extends LayerProviderContract {

    @Override
    protected LayerProvider provider() {
        return new ResidualProvider();
    }

    @Override
    protected List<Case> cases() {
        return List.of(new Case(LayerConfig.of("residual", "layers", List.of(LayerConfig.of("linear", "in", 5, "out", 5),
                LayerConfig.of("gelu"), LayerConfig.of("linear", "in", 5, "out", 5))), 3, 5));
    }
}
