package deepvec.nn.autograd;

import deepvec.simd.Elementwise;
import deepvec.simd.Reduce;
import deepvec.simd.Tensor;
import java.util.Arrays;

/** Gradient arithmetic shared by the ops: accumulation and un-broadcasting. */
final class Gradients {

    private Gradients() {
    }

    /** a + b for two gradients of the same shape. */
    static Tensor add(Tensor a, Tensor b) {
        return Elementwise.add(a, b);
    }

    /**
     * The gradient of an input that was broadcast to {@code g}'s shape: g summed over the
     * axes the broadcast added or stretched, back to {@code shape}.
     */
    static Tensor unbroadcast(Tensor g, int[] shape) {
        if (Arrays.equals(g.shape(), shape)) {
            return g;
        }
        Tensor r = g;
        int lead = g.rank() - shape.length;
        for (int i = 0; i < lead; i++) {
            r = Reduce.sum(r, 0, false);
        }
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] == 1 && r.dim(axis) != 1) {
                r = Reduce.sum(r, axis, true);
            }
        }
        return r.reshape(shape);
    }
}
