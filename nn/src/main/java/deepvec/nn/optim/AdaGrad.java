package deepvec.nn.optim;

import deepvec.nn.autograd.Variable;
import java.util.Map;

/**
 * AdaGrad (Deep Learning algorithm 8.4): {@code r <- r + g^2; theta <- theta - eps g / (delta + sqrt(r))},
 * a per-parameter step that shrinks with the history of squared gradients.
 */
public final class AdaGrad extends Optimizer {

    private final float delta;

    /** @param delta the small constant that keeps the division stable (1e-7 in the book) */
    public AdaGrad(Map<String, Variable> parameters, float learningRate, float delta) {
        super(parameters, learningRate);
        this.delta = Checks.positive("delta", delta);
    }

    @Override
    protected void update(int index, float[] theta, float[] g) {
        float eps = learningRate();
        float[] r = buffer(index, 0, theta.length);
        for (int i = 0; i < theta.length; i++) {
            r[i] += g[i] * g[i];
            theta[i] -= eps * g[i] / (delta + (float) Math.sqrt(r[i]));
        }
    }
}
