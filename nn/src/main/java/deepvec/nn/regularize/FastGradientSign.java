package deepvec.nn.regularize;

import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Layer;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.simd.Elementwise;
import deepvec.simd.Tensor;

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
     * Adversarial examples for a classifier with the mean cross-entropy loss, computed with the
     * model in its current mode. Parameter gradients are not touched.
     *
     * @param x inputs [n, d]
     * @param labels the true classes
     * @param epsilon the max-norm size of the perturbation, &gt;= 0
     */
    public static Tensor perturb(Layer model, Tensor x, int[] labels, float epsilon) {
        if (!(epsilon >= 0f) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException("FGSM epsilon must be >= 0 and finite, got " + epsilon);
        }
        Variable input = Variable.parameter(x);
        Variable loss = Losses.crossEntropy(model.forward(input), labels, Reduction.MEAN);
        Tensor g = loss.gradientWith(input);
        return Elementwise.fma(Elementwise.sign(g), Tensor.scalar(epsilon), x);
    }
}
