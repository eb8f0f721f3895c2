package deepvec.nn.optim;

import deepvec.nn.autograd.Variable;
import java.util.Map;

/**
 * RMSProp (Deep Learning algorithm 8.5): {@code r <- rho r + (1 - rho) g^2;
 * theta <- theta - eps g / sqrt(delta + r)}; with momentum alpha, the step accumulates into a
 * velocity, and with Nesterov it is taken from the look-ahead point (algorithm 8.6, in the
 * same change of variables as {@link Sgd}).
 */
public final class RmsProp extends Optimizer {

    private final float rho;
    private final float delta;
    private final float momentum;
    private final boolean nesterov;

    /** RMSProp without momentum. */
    public RmsProp(Map<String, Variable> parameters, float learningRate, float rho, float delta) {
        this(parameters, learningRate, rho, delta, 0f, false);
    }

    /** RMSProp with (Nesterov) momentum alpha. */
    public RmsProp(Map<String, Variable> parameters, float learningRate, float rho, float delta, float momentum, boolean nesterov) {
        super(parameters, learningRate);
        this.rho = Checks.decay("rho", rho);
        this.delta = Checks.positive("delta", delta);
        if (!(momentum >= 0f && momentum < 1f) || (nesterov && momentum == 0f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), and > 0 with Nesterov; got " + momentum);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected void update(int index, float[] theta, float[] g) {
        float eps = learningRate();
        float[] r = buffer(index, 0, theta.length);
        float[] v = momentum == 0f ? null : buffer(index, 1, theta.length);
        for (int i = 0; i < theta.length; i++) {
            r[i] = rho * r[i] + (1 - rho) * g[i] * g[i];
            float scaled = eps * g[i] / (float) Math.sqrt(delta + r[i]);
            if (v == null) {
                theta[i] -= scaled;
            } else {
                v[i] = momentum * v[i] - scaled;
                theta[i] += nesterov ? momentum * v[i] - scaled : v[i];
            }
        }
    }
}
