package deepvec.nn.regularize;

import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;

/**
 * The max-norm constraint (Deep Learning section 7.2; Srebro and Shraibman 2005, used with dropout
 * by Hinton et al. 2012): each column of a weight matrix W [in, out], the incoming weights of one
 * unit, is rescaled onto the ball {@code ||W[:, j]||_2 <= c} when it leaves it. Constraining each
 * column rather than the whole matrix keeps any one unit from growing large weights. Vectors
 * (biases, slopes) are left alone.
 */
public final class MaxNorm implements ParameterConstraint {

    private final float maxNorm;

    /**
     * @param maxNorm c &gt; 0
     */
    public MaxNorm(float maxNorm) {
        if (!(maxNorm > 0f) || Float.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("max norm must be positive and finite, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    @Override
    public void project(Variable parameter) {
        Tensor w = parameter.value();
        if (w.rank() != 2) {
            return;
        }
        int rows = w.dim(0);
        int columns = w.dim(1);
        float[] data = w.data();               // parameters are dense tensors of their own
        double[] squares = new double[columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                float v = data[i * columns + j];
                squares[j] += (double) v * v;
            }
        }
        float[] scale = new float[columns];
        for (int j = 0; j < columns; j++) {
            double norm = Math.sqrt(squares[j]);
            scale[j] = norm > maxNorm ? (float) (maxNorm / norm) : 1f;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                data[i * columns + j] *= scale[j];
            }
        }
        parameter.markModified();
    }
}
