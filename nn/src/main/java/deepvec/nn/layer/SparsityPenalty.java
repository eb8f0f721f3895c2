package deepvec.nn.layer;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;

/**
 * A representation-sparsity penalty (Deep Learning section 7.10, eq. 7.47-7.48): passes its
 * input h through unchanged and, in a training {@link ForwardContext} that collects penalties,
 * adds {@code alpha Omega(h)} with {@code Omega(h) = ||h||_1} averaged over the examples of the
 * batch to the objective, pushing the hidden units it follows towards exact zeros. Each
 * application adds its own term.
 */
public final class SparsityPenalty implements Layer {

    private final float alpha;

    /**
     * @param alpha the penalty weight, &gt;= 0
     */
    public SparsityPenalty(float alpha) {
        if (!(alpha >= 0f) || Float.isInfinite(alpha)) {
            throw new IllegalArgumentException("sparsity penalty weight must be >= 0 and finite, got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public Variable forward(Variable h) {
        ForwardContext pass = ForwardContext.current();
        if (pass.isTraining() && pass.collectsPenalties()) {
            pass.addPenalty(Ops.scale(Ops.sum(Ops.abs(h)), alpha / h.value().dim(0)));
        }
        return h;
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("sparsity_penalty", "alpha", alpha);
    }
}
