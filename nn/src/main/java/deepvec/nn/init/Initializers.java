package deepvec.nn.init;

import deepvec.simd.Tensor;
import deepvec.simd.linalg.Matrix;
import deepvec.simd.linalg.Svd;
import deepvec.simd.random.Rng;

/**
 * Weight and bias initialisation (Deep Learning section 8.4). Weights are [fanIn, fanOut]
 * matrices, the layout of deepvec's dense layers ({@code y = x W + b}); for a convolution pass
 * fanIn = in channels x kernel area and reshape. All draws come from the given {@link Rng},
 * so a seed fixes every initial weight.
 */
public final class Initializers {

    private Initializers() {
    }

    /** Normalized initialisation, W ~ U(-sqrt(6 / (m + n)), sqrt(6 / (m + n))) (eq. 8.23). */
    public static Tensor glorotUniform(Rng rng, int fanIn, int fanOut) {
        return glorotUniform(rng, fanIn, fanOut, fanIn, fanOut);
    }

    /**
     * Eq. 8.23 for a weight tensor of any shape whose units have the given fans (a
     * convolution kernel [out, in, kH, kW] has fan-in in kH kW and fan-out out kH kW).
     */
    public static Tensor glorotUniform(Rng rng, int fanIn, int fanOut, int... shape) {
        checkFans(fanIn, fanOut);
        float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
        return rng.uniform(-limit, limit, shape);
    }

    /** The normal variant of eq. 8.23: the same variance 2 / (m + n). */
    public static Tensor glorotNormal(Rng rng, int fanIn, int fanOut) {
        checkFans(fanIn, fanOut);
        return rng.normal(0f, (float) Math.sqrt(2.0 / (fanIn + fanOut)), fanIn, fanOut);
    }

    /** He initialisation for ReLU units, variance 2 / fanIn (He et al. 2015). */
    public static Tensor heNormal(Rng rng, int fanIn, int fanOut) {
        checkFans(fanIn, fanOut);
        return rng.normal(0f, (float) Math.sqrt(2.0 / fanIn), fanIn, fanOut);
    }

    /** He initialisation, uniform: U(-sqrt(6 / fanIn), sqrt(6 / fanIn)). */
    public static Tensor heUniform(Rng rng, int fanIn, int fanOut) {
        checkFans(fanIn, fanOut);
        float limit = (float) Math.sqrt(6.0 / fanIn);
        return rng.uniform(-limit, limit, fanIn, fanOut);
    }

    /**
     * A random (semi-)orthogonal matrix times {@code gain} (Saxe et al. 2013, section 8.4):
     * the singular vectors of a Gaussian matrix, so W^T W = gain^2 I when rows >= cols and
     * W W^T = gain^2 I otherwise.
     */
    public static Tensor orthogonal(Rng rng, int rows, int cols, float gain) {
        checkFans(rows, cols);
        Tensor g = rng.normal(0f, 1f, rows, cols);
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = g.data()[i];
        }
        Svd svd = Svd.of(Matrix.of(rows, cols, values));
        Matrix q = svd.u().multiply(svd.v().transpose());  // the orthogonal factor of the polar decomposition
        Tensor out = Tensor.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out.data()[i * cols + j] = (float) (gain * q.get(i, j));
            }
        }
        return out;
    }

    /**
     * Sparse initialisation (Martens 2010, section 8.4): each unit (column) gets exactly
     * {@code nonZero} incoming weights drawn from N(0, std^2), the rest 0, so that the total
     * input to a unit does not shrink as fanIn grows.
     *
     * @throws IllegalArgumentException unless 0 &lt; nonZero &lt;= fanIn
     */
    public static Tensor sparse(Rng rng, int fanIn, int fanOut, int nonZero, float std) {
        checkFans(fanIn, fanOut);
        if (nonZero <= 0 || nonZero > fanIn) {
            throw new IllegalArgumentException("sparse initialisation: " + nonZero + " non-zero weights per unit; expected 1 .. "
                    + fanIn + " (the fan-in)");
        }
        Tensor w = Tensor.zeros(fanIn, fanOut);
        float[] draws = rng.normal(0f, std, fanOut, nonZero).data();
        int[] rows = new int[fanIn];
        for (int unit = 0; unit < fanOut; unit++) {
            for (int i = 0; i < fanIn; i++) {
                rows[i] = i;
            }
            for (int pick = 0; pick < nonZero; pick++) {     // partial Fisher-Yates: distinct rows
                int r = pick + rng.nextInt(fanIn - pick);
                int chosen = rows[r];
                rows[r] = rows[pick];
                rows[pick] = chosen;
                w.data()[chosen * fanOut + unit] = draws[unit * nonZero + pick];
            }
        }
        return w;
    }

    /** A bias filled with one value, e.g. 0.1 for ReLU units so they start active (section 8.4). */
    public static Tensor constantBias(int units, float value) {
        return Tensor.full(value, units);
    }

    /**
     * Output biases that make an untrained softmax layer predict the class frequencies:
     * {@code b_i = log p_i} (section 8.4, "the marginal statistics of the output").
     *
     * @throws IllegalArgumentException unless the frequencies are positive and sum to 1
     */
    public static Tensor softmaxBiasFromMarginals(double... frequencies) {
        double total = 0;
        for (double p : frequencies) {
            if (!(p > 0)) {
                throw new IllegalArgumentException("class frequency " + p + " must be > 0 for a log-probability bias");
            }
            total += p;
        }
        if (Math.abs(total - 1) > 1e-6) {
            throw new IllegalArgumentException("class frequencies sum to " + total + "; expected 1");
        }
        float[] b = new float[frequencies.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) Math.log(frequencies[i]);
        }
        return Tensor.of(b, b.length);
    }

    private static void checkFans(int fanIn, int fanOut) {
        if (fanIn < 1 || fanOut < 1) {
            throw new IllegalArgumentException("fan-in and fan-out must be >= 1, got " + fanIn + " and " + fanOut);
        }
    }
}
