package deepvec.nn.data;

import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;

/**
 * A labelled dataset held in memory: features [n, d] and one class label per example.
 *
 * @param features one row per example
 * @param labels class indices 0 .. classes-1
 * @param classes the number of classes
 */
public record Dataset(Tensor features, int[] labels, int classes) {

    /**
     * @throws ShapeException if features are not [n, d] with n = labels.length
     * @throws IllegalArgumentException for a label outside [0, classes) or non-finite features
     */
    public Dataset {
        if (features.rank() != 2 || features.dim(0) != labels.length) {
            throw new ShapeException("Dataset: features " + Arrays.toString(features.shape()) + " for " + labels.length
                    + " labels; expected [" + labels.length + ", d]");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("Dataset: label " + i + " is " + labels[i] + "; expected 0 .. " + (classes - 1));
            }
        }
        features = features.contiguous();
        float[] v = features.data();
        int end = features.offset() + features.size();
        for (int i = features.offset(); i < end; i++) {
            if (!Float.isFinite(v[i])) {
                int row = (i - features.offset()) / Math.max(features.dim(1), 1);
                throw new IllegalArgumentException("Dataset: example " + row + " holds " + v[i] + "; features must be finite");
            }
        }
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** The examples at the given indices, copied, in that order. */
    public Dataset subset(int[] indices) {
        int d = features.dim(1);
        Tensor rows = Tensor.zeros(indices.length, d);
        int[] picked = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features.data(), features.offset() + indices[i] * d, rows.data(), i * d, d);
            picked[i] = labels[indices[i]];
        }
        return new Dataset(rows, picked, classes);
    }

    /**
     * A seeded random split into training and held-out validation sets (Deep Learning section
     * 5.3.1), the validation set taking {@code validationFraction} of the examples.
     */
    public Split split(double validationFraction, Rng rng) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        int[] order = Shuffle.permutation(size(), rng);
        int validation = (int) Math.round(size() * validationFraction);
        return new Split(subset(Arrays.copyOfRange(order, validation, size())), subset(Arrays.copyOfRange(order, 0, validation)));
    }

    /** A training set and a validation set drawn from the same examples. */
    public record Split(Dataset training, Dataset validation) {
    }
}
