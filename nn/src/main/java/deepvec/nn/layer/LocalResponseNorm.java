package deepvec.nn.layer;

import deepvec.nn.autograd.NormalizationOps;
import deepvec.nn.autograd.Variable;

/**
 * Local response normalisation across channels: each activation divided by
 * {@code (k + alpha sum of squares over `size` neighbouring channels)^beta}, a form of lateral
 * inhibition between feature maps at the same position. Works on [N, C] or [N, C, H, W].
 */
public final class LocalResponseNorm implements Layer {

    private final int size;
    private final float alpha;
    private final float beta;
    private final float k;

    public LocalResponseNorm(int size, float alpha, float beta, float k) {
        if (size < 1 || !(k > 0f) || !(alpha >= 0f) || !(beta >= 0f)) {
            throw new IllegalArgumentException("local response norm: size " + size + ", alpha " + alpha + ", beta " + beta
                    + ", k " + k + "; expected size >= 1, k > 0, alpha >= 0 and beta >= 0");
        }
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    /** The defaults k = 2, n = 5, alpha = 1e-4, beta = 0.75. */
    public LocalResponseNorm() {
        this(5, 1e-4f, 0.75f, 2f);
    }

    @Override
    public Variable forward(Variable input) {
        return NormalizationOps.localResponseNorm(input, size, alpha, beta, k);
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("local_response_norm", "size", size, "alpha", alpha, "beta", beta, "k", k);
    }
}
