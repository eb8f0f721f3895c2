package deepvec.nn.loss;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.simd.BinaryOp;
import deepvec.simd.Elementwise;
import deepvec.simd.Reduce;
import deepvec.simd.ShapeException;
import deepvec.simd.Softmax;
import deepvec.simd.Tensor;
import java.util.Arrays;

/**
 * Training losses as differentiable ops. Each returns a one-element value reduced over the
 * examples (the rows of a batch) by a {@link Reduction}. The cross-entropies take logits and
 * work in log space (fused, stable log-softmax / softplus), so extreme scores give finite
 * losses and exact gradients.
 */
public final class Losses {

    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private Losses() {
    }

    /** Mean (or summed) squared error over all elements, {@code sum (y - t)^2} (Deep Learning eq. 5.14). */
    public static Variable meanSquaredError(Variable prediction, Tensor target, Reduction reduction) {
        requireSameShape("meanSquaredError", prediction.value(), target);
        Variable sq = Ops.square(Ops.sub(prediction, Variable.constant(target)));
        return reduction == Reduction.MEAN ? Ops.mean(sq) : Ops.sum(sq);
    }

    /**
     * Negative log-likelihood of targets t [.., d] under the Gaussians N(mu, exp(v)) whose means
     * and log-variances the output holds side by side on its last axis, [.., 2d]: per element
     * {@code (log 2 pi + v + (t - mu)^2 / exp(v)) / 2} (Deep Learning eq. 3.21 and the
     * heteroscedastic output unit of section 6.2.2.4), reduced over the d-wide elements. The
     * gradients are {@code (mu - t) / exp(v)} for the mean and {@code (1 - (t - mu)^2 / exp(v)) / 2}
     * for the log-variance.
     *
     * @throws ShapeException unless the output's last axis is twice the targets' and the others match
     */
    public static Variable gaussianNegativeLogLikelihood(Variable meanAndLogVariance, Tensor targets, Reduction reduction) {
        Tensor out = meanAndLogVariance.value().contiguous();
        int[] expected = targets.shape();
        if (expected.length > 0) {
            expected[expected.length - 1] *= 2;
        }
        if (expected.length == 0 || !Arrays.equals(out.shape(), expected)) {
            throw new ShapeException("gaussianNegativeLogLikelihood: output " + Arrays.toString(out.shape()) + " for targets "
                    + Arrays.toString(targets.shape()) + "; expected " + Arrays.toString(expected) + " (means, then log-variances)");
        }
        float[] t = targets.contiguous().toArray();
        int d = targets.dim(-1);
        float[] o = out.data();
        int base = out.offset();
        float[] grad = new float[out.size()];
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            int row = i / d;
            int mean = base + row * 2 * d + i % d;
            double logVariance = o[mean + d];
            double error = t[i] - o[mean];
            double precision = Math.exp(-logVariance);
            sum += 0.5 * (LOG_TWO_PI + logVariance + error * error * precision);
            grad[mean - base] = (float) (-error * precision);
            grad[mean - base + d] = (float) (0.5 * (1 - error * error * precision));
        }
        float weight = reduction.weight(t.length);
        int[] shape = out.shape();
        return Ops.define("gaussianNegativeLogLikelihood", scalar((float) sum * weight),
                g -> new Tensor[] {Elementwise.scale(Tensor.of(grad, shape), g.get(0) * weight)}, meanAndLogVariance);
    }

    /**
     * Softmax cross-entropy of logits [n, k] against class labels, {@code -log softmax(z)_y}
     * (Deep Learning eq. 6.30), fused: the gradient is {@code softmax(z) - onehot(y)} per row.
     *
     * @throws ShapeException if logits are not [n, k] with n = labels.length
     * @throws IllegalArgumentException for a label outside [0, k)
     */
    public static Variable crossEntropy(Variable logits, int[] labels, Reduction reduction) {
        Tensor logProbs = Softmax.logSoftmax(checkClassScores("crossEntropy", logits.value(), labels), 1);
        float value = pickedSum(logProbs, labels) * -reduction.weight(labels.length);
        return Ops.define("crossEntropy", scalar(value), g -> {
            Tensor grad = Elementwise.exp(logProbs);                 // softmax
            subtractOneHot(grad, labels);
            return new Tensor[] {Elementwise.scale(grad, g.get(0) * reduction.weight(labels.length))};
        }, logits);
    }

    /** Negative log-likelihood of log-probabilities [n, k] at the labels, {@code -log p_y}. */
    public static Variable negativeLogLikelihood(Variable logProbs, int[] labels, Reduction reduction) {
        Tensor lp = checkClassScores("negativeLogLikelihood", logProbs.value(), labels);
        float value = pickedSum(lp, labels) * -reduction.weight(labels.length);
        int[] shape = lp.shape();
        return Ops.define("negativeLogLikelihood", scalar(value), g -> {
            Tensor grad = Tensor.zeros(shape);
            subtractOneHot(grad, labels);
            return new Tensor[] {Elementwise.scale(grad, g.get(0) * reduction.weight(labels.length))};
        }, logProbs);
    }

    /**
     * Binary cross-entropy of logits z against targets t in [0, 1],
     * {@code softplus(z) - t z} = -(t log sigmoid(z) + (1 - t) log(1 - sigmoid(z))) (eq. 6.20 in
     * log space); gradient {@code sigmoid(z) - t}. The loss is reduced over all elements.
     */
    public static Variable binaryCrossEntropyWithLogits(Variable logits, Tensor targets, Reduction reduction) {
        Tensor z = logits.value();
        requireSameShape("binaryCrossEntropyWithLogits", z, targets);
        requireRange("binaryCrossEntropyWithLogits targets", targets, 0f, 1f);
        Tensor perElement = Elementwise.sub(Elementwise.softplus(z), Elementwise.mul(targets, z));
        float weight = reduction.weight(z.size());
        return Ops.define("binaryCrossEntropyWithLogits", scalar(Reduce.sum(perElement) * weight), g -> new Tensor[] {
            Elementwise.scale(Elementwise.sub(Elementwise.sigmoid(z), targets), g.get(0) * weight)}, logits);
    }

    /**
     * Hinge loss of scores s against labels t in {-1, +1}, {@code max(0, 1 - t s)} (the SVM loss),
     * reduced over all elements; its subgradient is {@code -t} where the margin is violated.
     */
    public static Variable hinge(Variable scores, Tensor labels, Reduction reduction) {
        Tensor s = scores.value();
        requireSameShape("hinge", s, labels);
        float[] t = labels.contiguous().toArray();
        for (int i = 0; i < t.length; i++) {
            if (t[i] != 1f && t[i] != -1f) {
                throw new IllegalArgumentException("hinge: label " + i + " is " + t[i] + "; expected -1 or +1");
            }
        }
        Tensor signs = Tensor.of(t, s.shape());
        Tensor margins = Elementwise.add(Elementwise.scale(Elementwise.mul(signs, s), -1f), 1f);
        Tensor violated = Elementwise.binary(BinaryOp.LESS, Tensor.scalar(0f), margins);
        float weight = reduction.weight(s.size());
        return Ops.define("hinge", scalar(Reduce.sum(Elementwise.relu(margins)) * weight), g -> new Tensor[] {
            Elementwise.scale(Elementwise.mul(violated, signs), -g.get(0) * weight)}, scores);
    }

    private static Tensor checkClassScores(String loss, Tensor scores, int[] labels) {
        if (scores.rank() != 2 || scores.dim(0) != labels.length) {
            throw new ShapeException(loss + ": scores have shape " + Arrays.toString(scores.shape()) + " for "
                    + labels.length + " labels; expected [" + labels.length + ", classes]");
        }
        int k = scores.dim(1);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException(loss + ": label " + i + " is " + labels[i] + "; expected 0 .. " + (k - 1));
            }
        }
        return scores.contiguous();
    }

    /** Sum over rows of row[label], in double. */
    private static float pickedSum(Tensor rows, int[] labels) {
        int k = rows.dim(1);
        double s = 0;
        for (int i = 0; i < labels.length; i++) {
            s += rows.data()[rows.offset() + i * k + labels[i]];
        }
        return (float) s;
    }

    private static void subtractOneHot(Tensor grad, int[] labels) {
        int k = grad.dim(1);
        for (int i = 0; i < labels.length; i++) {
            grad.data()[i * k + labels[i]] -= 1f;
        }
    }

    private static Tensor scalar(float value) {
        return Tensor.of(new float[] {value}, 1);
    }

    private static void requireSameShape(String loss, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new ShapeException(loss + ": prediction shape " + Arrays.toString(a.shape()) + " differs from target shape "
                    + Arrays.toString(b.shape()));
        }
    }

    private static void requireRange(String what, Tensor t, float lo, float hi) {
        float[] v = t.contiguous().toArray();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= lo && v[i] <= hi)) {
                throw new IllegalArgumentException(what + "[" + i + "] is " + v[i] + "; expected a value in [" + lo + ", " + hi + "]");
            }
        }
    }
}
