package deepvec.nn.train;

import deepvec.nn.autograd.Variable;
import deepvec.nn.data.Batch;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.simd.Tensor;
import java.util.Arrays;

/** The squared error between a model's output and its input: L(x, g(f(x))) of eq. 14.1. */
final class ReconstructionObjective implements Objective {

    @Override
    public Variable loss(Variable output, Batch batch) {
        return Losses.meanSquaredError(output, batch.floats(input()), Reduction.MEAN);
    }

    @Override
    public void check(Tensor output, Batch sample) {
        int[] expected = sample.floats(input()).shape();
        expected[0] = output.dim(0);
        if (!Arrays.equals(output.shape(), expected)) {
            throw new IllegalArgumentException("reconstruction: the model's output has shape " + Arrays.toString(output.shape())
                    + "; expected the input's shape " + Arrays.toString(expected));
        }
    }
}
