package deepvec.probabilistic.spi;

import deepvec.nn.spi.Provider;
import deepvec.nn.spi.Settings;
import deepvec.probabilistic.mcmc.Sampler;

/**
 * The service that adds a Markov chain Monte Carlo sampler (Deep Learning chapter 17). deepvec's
 * random-walk Metropolis is registered through it exactly as a plugin's sampler is; find one by
 * name with {@code registry.provider(SamplerProvider.class, "hmc")}.
 */
public interface SamplerProvider extends Provider {

    /** The version of this interface; a provider compiled against another one is refused. */
    int SPI_VERSION = 1;

    /**
     * A new sampler.
     *
     * @param settings tuning parameters by name (a step size, a number of leapfrog steps); one
     *     left out takes the provider's default
     * @throws IllegalArgumentException for an invalid setting
     */
    Sampler create(Settings settings);
}
