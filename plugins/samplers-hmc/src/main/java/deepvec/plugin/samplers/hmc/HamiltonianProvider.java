package deepvec.plugin.samplers.hmc;

import deepvec.nn.spi.PluginRegistry;
import deepvec.nn.spi.Settings;
import deepvec.probabilistic.mcmc.Sampler;
import deepvec.probabilistic.spi.SamplerProvider;

/**
 * Type {@code hmc}: {@link HamiltonianMonteCarlo}, settings {@code step_size} (0.1),
 * {@code leapfrog_steps} (20), {@code jitter} (0.1), {@code target_acceptance} (0.8) and
 * {@code adapt} (true).
 */
public final class HamiltonianProvider implements SamplerProvider {

    @Override
    public String type() {
        return "hmc";
    }

    @Override
    public String version() {
        return PluginRegistry.versionOf(HamiltonianProvider.class);
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Sampler create(Settings settings) {
        return new HamiltonianMonteCarlo(settings.doubleSetting("step_size", 0.1), settings.intSetting("leapfrog_steps", 20),
                settings.doubleSetting("jitter", 0.1), settings.doubleSetting("target_acceptance", 0.8),
                settings.booleanSetting("adapt", true));
    }
}
