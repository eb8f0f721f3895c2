package deepvec.nn.loss;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;

/**
 * Importance-sampled softmax for training over a large vocabulary (Deep Learning section
 * 12.4.3.3, Bengio and Senecal 2008): the gradient of {@code -log softmax(a)_y}, which is
 * {@code -grad a_y + sum_i P(i) grad a_i}, with the expectation under the model's P estimated from
 * k words drawn from a proposal q (the unigram distribution, say), each weighted by
 * {@code r_i = (exp(a_i) / q_i) / sum_j exp(a_j) / q_j} (eq. 12.19-12.21). Each step touches the
 * target's column and the k sampled ones of the output layer instead of all V. The estimate is
 * biased for small k and consistent as k grows; evaluate with the exact softmax.
 *
 * <p>Shapes: hidden [N, H], weight [H, V], bias [V]; the value is the mean over the N examples of
 * {@code -a_y + log(sum_i exp(a_i) / q_i / k)}, the sampled estimate of the loss.
 */
public final class SampledSoftmax {

    private SampledSoftmax() {
    }

    /**
     * @param proposal q over the V words (non-negative, summing to 1), from which k words are
     *     drawn per example, with replacement
     */
    public static Variable loss(Variable hidden, Variable weight, Variable bias, int[] targets, double[] proposal, int samples, Rng rng) {
        Tensor h = hidden.value().contiguous();
        Tensor w = weight.value().contiguous();
        int n = h.dim(0);
        int width = h.dim(1);
        int words = w.dim(1);
        if (h.rank() != 2 || w.rank() != 2 || w.dim(0) != width || bias.value().size() != words || targets.length != n
                || proposal.length != words) {
            throw new ShapeException("sampled softmax: hidden " + Arrays.toString(h.shape()) + ", weight " + Arrays.toString(w.shape())
                    + ", bias of " + bias.value().size() + ", " + targets.length + " targets, proposal over " + proposal.length
                    + "; expected [N, H], [H, V], V, N, V");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("sampled softmax needs at least one sample, got " + samples);
        }
        double[] cumulative = cumulative(proposal);
        float[] hv = h.toArray();
        float[] wv = w.toArray();
        float[] bv = bias.value().contiguous().toArray();
        int[][] drawn = new int[n][samples];
        double[][] weights = new double[n][samples];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int y = targets[i];
            if (y < 0 || y >= words) {
                throw new IllegalArgumentException("sampled softmax: target " + i + " is " + y + "; expected 0 .. " + (words - 1));
            }
            double[] logRatio = new double[samples];
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < samples; s++) {
                int word = draw(cumulative, rng);
                drawn[i][s] = word;
                logRatio[s] = score(hv, i * width, width, wv, words, bv, word) - Math.log(proposal[word]);
                max = Math.max(max, logRatio[s]);
            }
            double sum = 0;
            for (int s = 0; s < samples; s++) {
                weights[i][s] = Math.exp(logRatio[s] - max);
                sum += weights[i][s];
            }
            for (int s = 0; s < samples; s++) {
                weights[i][s] /= sum;
            }
            loss += -score(hv, i * width, width, wv, words, bv, y) + max + Math.log(sum / samples);
        }
        return Ops.define("sampledSoftmax", Tensor.of(new float[] {(float) (loss / n)}, 1), g -> {
            float scale = g.get(0) / n;
            float[] dh = new float[n * width];
            float[] dw = new float[width * words];
            float[] db = new float[words];
            for (int i = 0; i < n; i++) {
                add(hv, i * width, width, wv, words, targets[i], -scale, dh, dw, db);
                for (int s = 0; s < samples; s++) {
                    add(hv, i * width, width, wv, words, drawn[i][s], weights[i][s] * scale, dh, dw, db);
                }
            }
            return new Tensor[] {Tensor.of(dh, n, width), Tensor.of(dw, width, words), Tensor.of(db, words)};
        }, hidden, weight, bias);
    }

    private static double[] cumulative(double[] proposal) {
        double[] c = new double[proposal.length];
        double total = 0;
        for (int i = 0; i < proposal.length; i++) {
            if (!(proposal[i] > 0) || Double.isInfinite(proposal[i])) {
                throw new IllegalArgumentException("proposal probability " + proposal[i] + " of word " + i
                        + " must be positive (every word must be drawable)");
            }
            total += proposal[i];
            c[i] = total;
        }
        if (Math.abs(total - 1) > 1e-6) {
            throw new IllegalArgumentException("the proposal sums to " + total + "; expected 1");
        }
        return c;
    }

    private static int draw(double[] cumulative, Rng rng) {
        double u = rng.nextDouble() * cumulative[cumulative.length - 1];
        int at = Arrays.binarySearch(cumulative, u);
        return Math.min(at >= 0 ? at + 1 : -at - 1, cumulative.length - 1);
    }

    private static double score(float[] h, int row, int width, float[] w, int columns, float[] b, int col) {
        double s = b[col];
        for (int k = 0; k < width; k++) {
            s += h[row + k] * w[k * columns + col];
        }
        return s;
    }

    /** The gradient of d * a_col: into h's row, W's column and b. */
    private static void add(float[] h, int row, int width, float[] w, int columns, int col, double d, float[] dh, float[] dw, float[] db) {
        for (int k = 0; k < width; k++) {
            dh[row + k] += (float) (d * w[k * columns + col]);
            dw[k * columns + col] += (float) (d * h[row + k]);
        }
        db[col] += (float) d;
    }
}
