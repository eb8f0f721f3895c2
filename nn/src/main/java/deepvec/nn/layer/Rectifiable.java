package deepvec.nn.layer;

import deepvec.nn.autograd.Variable;

/**
 * A layer that can apply a following ReLU itself, in its own pass over its output: a
 * {@link Sequential} runs such a layer and an {@link Activation#relu()} after it as one fused op,
 * with the same values and gradients and one tensor and one pass fewer.
 */
interface Rectifiable {

    /** {@code max(forward(input), 0)}, computed as one op. */
    Variable forwardRectified(Variable input);
}
