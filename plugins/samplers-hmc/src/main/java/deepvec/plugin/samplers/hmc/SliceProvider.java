package deepvec.plugin.samplers.hmc;

import deepvec.nn.spi.PluginRegistry;
import deepvec.nn.spi.Settings;
import deepvec.probabilistic.mcmc.Sampler;
import deepvec.probabilistic.spi.SamplerProvider;

/** Type {@code slice}: {@link SliceSampler}, settings {@code width} (1) and {@code max_steps} (50). */
public final class SliceProvider implements SamplerProvider {

    @Override
    public String type() {
        return "slice";
    }

    @Override
    public String version() {
        return PluginRegistry.versionOf(SliceProvider.class);
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Sampler create(Settings settings) {
        return new SliceSampler(settings.doubleSetting("width", 1.0), settings.intSetting("max_steps", 50));
    }
}
