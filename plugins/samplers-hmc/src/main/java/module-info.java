/**
 * Samplers as a deepvec plugin: Hamiltonian Monte Carlo with leapfrog integration and slice
 * sampling, over a log-density whose gradient autograd computes. Built on deepvec's public API
 * only, as a third party's plugin would be.
 */
module deepvec.plugin.samplers.hmc {
    requires deepvec.probabilistic;

    exports deepvec.plugin.samplers.hmc;

    provides deepvec.probabilistic.spi.SamplerProvider with
            deepvec.plugin.samplers.hmc.HamiltonianProvider,
            deepvec.plugin.samplers.hmc.SliceProvider;
}
