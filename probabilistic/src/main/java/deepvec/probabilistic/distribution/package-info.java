/**
 * Probability distributions (Deep Learning chapter 3): Bernoulli, categorical and diagonal
 * Gaussian, with sampling, log-densities and moments.
 */
package deepvec.probabilistic.distribution;
