/**
 * The optimisers of Deep Learning chapter 8 (SGD with momentum and Nesterov momentum, AdaGrad,
 * RMSProp, AdaDelta, Adam), learning-rate schedules, gradient clipping and Polyak averaging.
 */
package deepvec.nn.optim;
