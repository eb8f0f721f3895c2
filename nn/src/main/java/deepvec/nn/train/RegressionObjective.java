package deepvec.nn.train;

import deepvec.nn.autograd.Variable;
import deepvec.nn.data.Batch;
import deepvec.nn.data.Dataset;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.simd.Tensor;
import java.util.Arrays;

/** Regression of the targets field: squared error, or the Gaussian negative log-likelihood. */
final class RegressionObjective implements Objective {

    private final boolean gaussian;

    RegressionObjective(boolean gaussian) {
        this.gaussian = gaussian;
    }

    @Override
    public Variable loss(Variable output, Batch batch) {
        Tensor targets = batch.floats(Dataset.TARGETS);
        return gaussian ? Losses.gaussianNegativeLogLikelihood(output, targets, Reduction.MEAN)
                : Losses.meanSquaredError(output, targets, Reduction.MEAN);
    }

    @Override
    public void check(Tensor output, Batch sample) {
        int[] expected = sample.floats(Dataset.TARGETS).shape();
        expected[0] = output.dim(0);
        if (gaussian) {
            expected[expected.length - 1] *= 2;
        }
        if (!Arrays.equals(output.shape(), expected)) {
            throw new IllegalArgumentException((gaussian ? "Gaussian regression" : "regression") + ": the model's output has shape "
                    + Arrays.toString(output.shape()) + "; expected " + Arrays.toString(expected)
                    + (gaussian ? " (means, then log-variances)" : ""));
        }
    }
}
