package deepvec.probabilistic.mcmc;

import deepvec.nn.spi.PluginRegistry;
import deepvec.nn.spi.Settings;
import deepvec.probabilistic.spi.SamplerProvider;

/** deepvec's own samplers as {@link SamplerProvider}s, declared as a plugin's are; not part of the API. */
final class BuiltInSamplers {

    private BuiltInSamplers() {
    }

    /**
     * {@code metropolis}: {@link RandomWalkMetropolis}, settings {@code scale} (default 2.38 / sqrt(d))
     * and {@code adapt} (default true: tuned during burn-in; false needs a scale).
     */
    public static final class MetropolisProvider implements SamplerProvider {
        @Override
        public String type() {
            return "metropolis";
        }

        @Override
        public String version() {
            return PluginRegistry.versionOf(BuiltInSamplers.class);
        }

        @Override
        public int spiVersion() {
            return SPI_VERSION;
        }

        @Override
        public Sampler create(Settings settings) {
            boolean adapt = settings.booleanSetting("adapt", true);
            if (!settings.values().containsKey("scale")) {
                if (!adapt) {
                    throw new IllegalArgumentException("metropolis with adapt=false needs a scale setting");
                }
                return new RandomWalkMetropolis();
            }
            return new RandomWalkMetropolis(settings.doubleSetting("scale", 0), adapt);
        }
    }
}
