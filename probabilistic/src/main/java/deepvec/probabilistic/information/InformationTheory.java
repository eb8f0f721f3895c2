package deepvec.probabilistic.information;

import deepvec.simd.Elementwise;
import deepvec.simd.Reduce;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import java.util.Arrays;

/**
 * Information measures of discrete distributions (Deep Learning section 3.13), taking
 * log-probabilities so that tiny probabilities keep their precision: turn logits into them with
 * {@link deepvec.simd.Softmax#logSoftmax}. All results are in nats; divide by ln 2 for bits.
 * The convention {@code 0 log 0 = 0} holds throughout (a log-probability of -infinity adds 0).
 */
public final class InformationTheory {

    private InformationTheory() {
    }

    /** Self-information I(x) = -log P(x) (eq. 3.48). */
    public static double selfInformation(double logProbability) {
        return -logProbability;
    }

    /** Shannon entropy H(P) = -sum_x P(x) log P(x) (eq. 3.49), from log P. */
    public static double entropy(Tensor logP) {
        return crossEntropy(logP, logP);
    }

    /**
     * Cross-entropy H(P, Q) = -sum_x P(x) log Q(x) (eq. 3.51) = H(P) + KL(P || Q). Infinite when
     * Q gives 0 to an outcome P does not.
     */
    public static double crossEntropy(Tensor logP, Tensor logQ) {
        requireSameShape(logP, logQ);
        Tensor p = Elementwise.exp(logP);
        float[] pv = p.toArray();
        float[] qv = logQ.contiguous().toArray();
        masked(pv, qv);
        return -Reduce.sum(Elementwise.mul(Tensor.of(pv, pv.length), Tensor.of(qv, qv.length)));
    }

    /** KL divergence KL(P || Q) = sum_x P(x) (log P(x) - log Q(x)) (eq. 3.50); >= 0, 0 iff P = Q. */
    public static double klDivergence(Tensor logP, Tensor logQ) {
        requireSameShape(logP, logQ);
        float[] pv = Elementwise.exp(logP).toArray();
        float[] diff = Elementwise.sub(logP, logQ).toArray();
        masked(pv, diff);
        return Math.max(0, Reduce.sum(Elementwise.mul(Tensor.of(pv, pv.length), Tensor.of(diff, diff.length))));
    }

    /** Where P(x) = 0 the term is 0 by convention, whatever the other factor holds (-inf, NaN). */
    private static void masked(float[] p, float[] other) {
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0f) {
                other[i] = 0f;
            }
        }
    }

    private static void requireSameShape(Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new ShapeException("distributions over different outcome sets: shapes " + Arrays.toString(a.shape())
                    + " and " + Arrays.toString(b.shape()));
        }
    }
}
