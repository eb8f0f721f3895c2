/**
 * Probability and information theory (Deep Learning chapter 3): distributions with vectorised
 * sampling and closed-form log-probability, entropy and KL divergence, and the information
 * measures in log space.
 */
module deepvec.probabilistic {
    requires transitive deepvec.simd;

    exports deepvec.probabilistic.distribution;
    exports deepvec.probabilistic.information;
}
