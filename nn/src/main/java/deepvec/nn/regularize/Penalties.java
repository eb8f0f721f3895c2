package deepvec.nn.regularize;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import java.util.List;

/**
 * Parameter norm penalties Omega(theta), added to the training objective
 * {@code J~ = J + Omega} (Deep Learning eq. 7.1) and differentiated with it: the L2 penalty
 * {@code (lambda / 2) sum theta^2} (weight decay, eq. 7.2; its gradient lambda theta gives
 * the update of eq. 7.5) and the L1 penalty {@code lambda sum |theta|} (eq. 7.18; gradient
 * lambda sign(theta), eq. 7.20). Pass weights, not biases (section 7.1).
 */
public final class Penalties {

    private Penalties() {
    }

    /** (lambda / 2) times the sum of squares of all given parameters. */
    public static Variable l2(List<Variable> weights, float lambda) {
        return total(weights, lambda / 2, true);
    }

    /** lambda times the sum of absolute values of all given parameters. */
    public static Variable l1(List<Variable> weights, float lambda) {
        return total(weights, lambda, false);
    }

    private static Variable total(List<Variable> weights, float factor, boolean squared) {
        if (!(factor >= 0f) || Float.isInfinite(factor)) {
            throw new IllegalArgumentException("penalty strength must be >= 0 and finite, got " + factor);
        }
        Variable sum = Variable.constant(Tensor.zeros(1));
        for (Variable w : weights) {
            sum = Ops.add(sum, Ops.sum(squared ? Ops.square(w) : Ops.abs(w)));
        }
        return Ops.mul(sum, Variable.constant(Tensor.of(new float[] {factor}, 1)));
    }
}
