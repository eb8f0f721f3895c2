package deepvec.nn.regularize;

import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Layer;
import deepvec.simd.Elementwise;
import deepvec.simd.Tensor;
import java.util.function.Function;

/**
 * The fast gradient sign method (Deep Learning section 7.13; Goodfellow, Shlens and Szegedy
 * 2014): the adversarial example {@code x' = x + epsilon sign(grad_x J(theta, x, y))}, the
 * max-norm-bounded perturbation that increases a locally linear model's loss the most. Adversarial
 * training minimises {@code alpha J(theta, x, y) + (1 - alpha) J(theta, x', y)}. Inputs are not
 * clipped to any data range.
 */
public final class FastGradientSign {

    private FastGradientSign() {
    }

    /**
     * Adversarial examples against {@code model} for the loss {@code lossOfOutput} of its output,
     * computed in the forward context bound by the caller (a probing
     * {@link deepvec.nn.layer.ForwardContext} while training, so no statistics change).
     * Parameter gradients are not touched.
     *
     * @param x inputs [n, ...]
     * @param lossOfOutput the scalar loss of the model's output on these inputs
     * @param epsilon the max-norm size of the perturbation, &gt;= 0
     */
    public static Tensor perturb(Layer model, Tensor x, Function<Variable, Variable> lossOfOutput, float epsilon) {
        if (!(epsilon >= 0f) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException("FGSM epsilon must be >= 0 and finite, got " + epsilon);
        }
        Variable input = Variable.parameter(x);
        Tensor g = lossOfOutput.apply(model.forward(input)).gradientWith(input);
        return Elementwise.fma(Elementwise.sign(g), Tensor.scalar(epsilon), x);
    }
}
