/**
 * Markov chain Monte Carlo (Deep Learning section 17.3): the {@link deepvec.probabilistic.mcmc.Sampler}
 * interface every sampler implements (deepvec's and plugins'), targets given as
 * {@link deepvec.probabilistic.mcmc.LogDensity} (with autograd gradients), random-walk Metropolis,
 * and the effective sample size that measures how well a chain mixes.
 */
package deepvec.probabilistic.mcmc;
