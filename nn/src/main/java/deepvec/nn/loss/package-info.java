/**
 * Loss functions (Deep Learning sections 5.5 and 6.2): cross-entropy, mean squared error and
 * their relatives, reductions over the batch, and the sampled softmax for large vocabularies
 * (section 12.4.3).
 */
package deepvec.nn.loss;
