/**
 * Parameter initialisation (Deep Learning section 8.4): Glorot and He scaling, orthogonal and
 * sparse weights, and biases set from constants or from the output marginals.
 */
package deepvec.nn.init;
