package deepvec.nn.autograd;

import deepvec.simd.Tensor;

/**
 * The backward half of one primitive operation, created by its forward half with whatever it
 * saved. Given the gradient of the loss with respect to the op's output it returns one gradient
 * per input, in input order, each of that input's shape; {@code null} for an input that gets
 * none. {@code needed[i]} says whether input i wants its gradient at all, so a rule skips the
 * work for constants (data, masks, targets).
 */
interface Op {

    /** A short name for messages, such as {@code "matmul"}. */
    String name();

    Tensor[] backward(Tensor gradOutput, boolean[] needed);
}
