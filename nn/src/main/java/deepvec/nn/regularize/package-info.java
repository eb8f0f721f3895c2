/**
 * Regularisation (Deep Learning chapter 7): parameter norm penalties, max-norm constraints and
 * adversarial training by the fast gradient sign method.
 */
package deepvec.nn.regularize;
