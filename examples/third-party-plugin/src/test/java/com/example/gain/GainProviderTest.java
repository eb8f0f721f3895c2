package com.example.gain;

import deepvec.nn.layer.LayerConfig;
import deepvec.nn.spi.LayerProvider;
import deepvec.plugin.testkit.LayerProviderContract;
import java.util.List;

/** deepvec's conformance checks on the gain layer: gradients, round trips, declarations, threads. */
class GainProviderTest extends LayerProviderContract {

    @Override
    protected LayerProvider provider() {
        return new GainProvider();
    }

    @Override
    protected List<Case> cases() {
        return List.of(new Case(LayerConfig.of("gain", "features", 5), 3, 5));
    }
}
