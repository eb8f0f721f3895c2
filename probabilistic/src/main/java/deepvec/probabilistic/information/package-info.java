/**
 * Information theory (Deep Learning section 3.13): self-information, Shannon entropy,
 * cross-entropy and the Kullback-Leibler divergence.
 */
package deepvec.probabilistic.information;
