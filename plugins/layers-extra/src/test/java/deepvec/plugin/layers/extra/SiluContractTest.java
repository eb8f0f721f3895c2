package deepvec.plugin.layers.extra;

import deepvec.nn.layer.LayerConfig;
import deepvec.nn.spi.LayerProvider;
import deepvec.plugin.testkit.LayerProviderContract;
import java.util.List;

/** The test kit's checks on {@code silu}. */
class SiluContractTest extends LayerProviderContract {

    @Override
    protected LayerProvider provider() {
        return new SiluProvider();
    }

    @Override
    protected List<Case> cases() {
        return List.of(new Case(LayerConfig.of("silu"), 4, 7));
    }
}
