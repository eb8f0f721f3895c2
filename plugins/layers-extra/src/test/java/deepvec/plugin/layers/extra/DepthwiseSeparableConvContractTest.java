package deepvec.plugin.layers.extra;

import deepvec.nn.layer.LayerConfig;
import deepvec.nn.spi.LayerProvider;
import deepvec.plugin.testkit.LayerProviderContract;
import java.util.List;

/** The test kit's checks on {@code depthwise_separable_conv2d}. */
class DepthwiseSeparableConvContractTest extends LayerProviderContract {

    @Override
    protected LayerProvider provider() {
        return new DepthwiseSeparableConvProvider();
    }

    @Override
    protected List<Case> cases() {
        return List.of(new Case(LayerConfig.of("depthwise_separable_conv2d", "in", 3, "out", 4, "kernel", 3, "stride", 1,
                "padding", 1), 2, 3, 5, 5), new Case(LayerConfig.of("depthwise_separable_conv2d", "in", 2, "out", 3, "kernel", 3,
                "stride", 2, "padding", 0), 1, 2, 7, 7));
    }
}
