/**
 * Reverse-mode automatic differentiation (Deep Learning section 6.5): a {@link deepvec.nn.autograd.Variable}
 * records the operation that made it, and {@link deepvec.nn.autograd.Autograd} back-propagates
 * through the recorded graph. {@link deepvec.nn.autograd.Ops} and its siblings hold the
 * differentiable operations; {@link deepvec.nn.autograd.GradCheck} compares gradients with
 * central finite differences.
 */
package deepvec.nn.autograd;
