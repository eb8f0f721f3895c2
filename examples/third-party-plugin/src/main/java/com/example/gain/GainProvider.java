package com.example.gain;

import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.nn.layer.LayerRegistry;
import deepvec.nn.spi.LayerProvider;
import deepvec.simd.random.Rng;

/** Builds {@link Gain} layers for the type name "gain" (setting: features). */
public final class GainProvider implements LayerProvider {

    @Override
    public String type() {
        return "gain";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Layer create(LayerConfig config, Rng rng, LayerRegistry registry) {
        return new Gain(config.intSetting("features"));
    }

    @Override
    public long stateElements(LayerConfig config, LayerRegistry registry) {
        return config.intSetting("features");
    }
}
