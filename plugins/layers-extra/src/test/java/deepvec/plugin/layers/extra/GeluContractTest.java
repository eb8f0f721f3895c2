package deepvec.plugin.layers.extra;

import deepvec.nn.layer.LayerConfig;
import deepvec.nn.spi.LayerProvider;
import deepvec.plugin.testkit.LayerProviderContract;
import java.util.List;

/** The test kit's checks on {@code gelu}. */
class GeluContractTest extends LayerProviderContract {

    @Override
    protected LayerProvider provider() {
        return new GeluProvider();
    }

    @Override
    protected List<Case> cases() {
        return List.of(new Case(LayerConfig.of("gelu"), 3, 5), new Case(LayerConfig.of("gelu"), 2, 2, 3, 3));
    }
}
