/**
 * Probability and information theory (Deep Learning chapter 3): distributions with vectorised
 * sampling and closed-form log-probability, entropy and KL divergence, the information measures
 * in log space, and Markov chain Monte Carlo (chapter 17) behind the
 * {@link deepvec.probabilistic.spi.SamplerProvider} SPI.
 */
module deepvec.probabilistic {
    requires transitive deepvec.simd;
    requires transitive deepvec.nn;

    exports deepvec.probabilistic.distribution;
    exports deepvec.probabilistic.information;
    exports deepvec.probabilistic.mcmc;
    exports deepvec.probabilistic.spi;

    uses deepvec.probabilistic.spi.SamplerProvider;

    provides deepvec.probabilistic.spi.SamplerProvider with deepvec.probabilistic.mcmc.BuiltInSamplers.MetropolisProvider;
}
