package deepvec.plugin.samplers.hmc;

import deepvec.plugin.testkit.SamplerProviderContract;
import deepvec.probabilistic.spi.SamplerProvider;

/** The test kit's checks on {@code slice}. */
class SliceContractTest extends SamplerProviderContract {

    @Override
    protected SamplerProvider provider() {
        return new SliceProvider();
    }
}
