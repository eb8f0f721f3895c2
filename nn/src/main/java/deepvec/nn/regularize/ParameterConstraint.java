package deepvec.nn.regularize;

import deepvec.nn.autograd.Variable;

/**
 * An explicit constraint on parameters, enforced by projecting back onto the feasible set after
 * each optimisation step (Deep Learning section 7.2).
 */
@FunctionalInterface
public interface ParameterConstraint {

    /** Projects {@code parameter}'s value, in place, onto the constraint set. */
    void project(Variable parameter);
}
