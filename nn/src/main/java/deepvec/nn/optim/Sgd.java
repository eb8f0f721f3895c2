package deepvec.nn.optim;

import deepvec.nn.autograd.Variable;
import java.util.Map;

/**
 * Stochastic gradient descent, optionally with momentum (Deep Learning algorithms 8.1-8.3):
 * {@code v <- alpha v - eps g; theta <- theta + v}. Nesterov momentum is taken in the form that
 * needs no second gradient evaluation (Sutskever et al. 2013): with the look-ahead point as the
 * stored parameter, {@code theta <- theta + alpha v_new - eps g}, which is algorithm 8.3 after the
 * change of variables theta' = theta + alpha v.
 */
public final class Sgd extends Optimizer {

    private final float momentum;
    private final boolean nesterov;

    /** Plain SGD, algorithm 8.1. */
    public Sgd(Map<String, Variable> parameters, float learningRate) {
        this(parameters, learningRate, 0f, false);
    }

    /**
     * @param momentum alpha in [0, 1)
     * @param nesterov Nesterov momentum (needs momentum &gt; 0)
     */
    public Sgd(Map<String, Variable> parameters, float learningRate, float momentum, boolean nesterov) {
        super(parameters, learningRate);
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0f) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    /** Plain SGD moves only the rows with a gradient, the same bits as the full update; with momentum every row moves. */
    @Override
    protected void updateRows(int index, float[] theta, float[] g, int[] rows, int width) {
        if (momentum != 0f) {
            update(index, theta, g);
            return;
        }
        float eps = learningRate();
        for (int row : rows) {
            for (int i = row * width; i < (row + 1) * width; i++) {
                theta[i] -= eps * g[i];
            }
        }
    }

    @Override
    protected void update(int index, float[] theta, float[] g) {
        float eps = learningRate();
        if (momentum == 0f) {
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= eps * g[i];
            }
            return;
        }
        float[] v = buffer(index, 0, theta.length);
        for (int i = 0; i < theta.length; i++) {
            v[i] = momentum * v[i] - eps * g[i];
            theta[i] += nesterov ? momentum * v[i] - eps * g[i] : v[i];
        }
    }
}
