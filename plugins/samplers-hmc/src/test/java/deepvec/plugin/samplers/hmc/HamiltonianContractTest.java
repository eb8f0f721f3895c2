package deepvec.plugin.samplers.hmc;

import deepvec.plugin.testkit.SamplerProviderContract;
import deepvec.probabilistic.spi.SamplerProvider;

/** The test kit's checks on {@code hmc}. */
class HamiltonianContractTest extends SamplerProviderContract {

    @Override
    protected SamplerProvider provider() {
        return new HamiltonianProvider();
    }
}
