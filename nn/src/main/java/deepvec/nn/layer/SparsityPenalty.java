package deepvec.nn.layer;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import java.util.List;

/**
 * A representation-sparsity penalty (Deep Learning section 7.10, eq. 7.47-7.48): passes its
 * input h through unchanged and, in training, contributes {@code alpha Omega(h)} with
 * {@code Omega(h) = ||h||_1} averaged over the examples of the batch to the objective, pushing
 * the hidden units it follows towards exact zeros.
 */
public final class SparsityPenalty implements Layer {

    private final float alpha;
    private boolean training = true;
    private Variable lastPenalty;

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
        lastPenalty = training ? Ops.scale(Ops.sum(Ops.abs(h)), alpha / h.value().dim(0)) : null;
        return h;
    }

    @Override
    public List<Variable> activityPenalties() {
        return lastPenalty == null ? List.of() : List.of(lastPenalty);
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("sparsity_penalty", "alpha", alpha);
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
        lastPenalty = null;
    }
}
