package deepvec.nn.data;

import deepvec.simd.Tensor;

/**
 * One minibatch: features [b, d] and their class labels. Made by {@link DataLoader} from a
 * validated {@link Dataset}, so it is not checked again.
 *
 * @param features one row per example, dense
 * @param labels class indices
 */
public record Batch(Tensor features, int[] labels) {

    /** Number of examples. */
    public int size() {
        return labels.length;
    }
}
