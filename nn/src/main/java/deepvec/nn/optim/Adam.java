package deepvec.nn.optim;

import deepvec.nn.autograd.Variable;
import deepvec.simd.UpdateRules;
import java.util.Map;

/**
 * Adam (Deep Learning algorithm 8.7): biased first and second moment estimates
 * {@code s <- rho1 s + (1 - rho1) g}, {@code r <- rho2 r + (1 - rho2) g^2}, their bias-corrected
 * versions {@code s / (1 - rho1^t)}, {@code r / (1 - rho2^t)}, and the step
 * {@code theta <- theta - eps s_hat / (sqrt(r_hat) + delta)}, fused in one vectorised pass
 * ({@link UpdateRules#adam}, which flushes subnormal moments to zero).
 */
public final class Adam extends Optimizer {

    private final float rho1;
    private final float rho2;
    private final float delta;

    /** Adam with the book's defaults rho1 = 0.9, rho2 = 0.999, delta = 1e-8. */
    public Adam(Map<String, Variable> parameters, float learningRate) {
        this(parameters, learningRate, 0.9f, 0.999f, 1e-8f);
    }

    public Adam(Map<String, Variable> parameters, float learningRate, float rho1, float rho2, float delta) {
        super(parameters, learningRate);
        this.rho1 = Checks.decay("rho1", rho1);
        this.rho2 = Checks.decay("rho2", rho2);
        this.delta = Checks.positive("delta", delta);
    }

    /**
     * Lazy Adam on a row-sparse gradient (PyTorch's {@code SparseAdam}): only the touched rows and
     * their moments are updated, with the global step count in the bias correction; the other
     * rows' moments do not decay. The dense update would move every row with its momentum.
     */
    @Override
    protected void updateRows(int index, float[] theta, float[] g, int[] rows, int width) {
        UpdateRules.adamRows(theta, g, buffer(index, 0, theta.length), buffer(index, 1, theta.length), rows, width, steps(),
                learningRate(), rho1, rho2, delta);
    }

    @Override
    protected void update(int index, float[] theta, float[] g) {
        UpdateRules.adam(theta, g, buffer(index, 0, theta.length), buffer(index, 1, theta.length), steps(), learningRate(), rho1,
                rho2, delta);
    }
}
