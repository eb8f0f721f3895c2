package deepvec.probabilistic.distribution;

import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;

/**
 * A probability distribution over vectors of {@link #dimension()} real components (d = 1 for a
 * univariate one). Samples and observations are batches: tensors of shape [n, d].
 */
public interface Distribution {

    /** Number of components d of one event. */
    int dimension();

    /** n independent draws, shape [n, d]. */
    Tensor sample(Rng rng, int n);

    /**
     * Log-probability (or log-density) of each row of {@code x} ([n, d]), shape [n], in nats.
     *
     * @throws deepvec.simd.ShapeException if x is not [n, d]
     * @throws IllegalArgumentException if a value lies outside the support
     */
    Tensor logProb(Tensor x);

    /** E[x], shape [d]. */
    Tensor mean();

    /** Var[x] per component, shape [d]. */
    Tensor variance();

    /** Differential or Shannon entropy H = -E[log p(x)] in nats (Deep Learning eq. 3.49). */
    double entropy();
}
