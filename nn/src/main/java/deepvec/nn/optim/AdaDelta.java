package deepvec.nn.optim;

import deepvec.nn.autograd.Variable;
import java.util.Map;

/**
 * AdaDelta (Zeiler 2012, Deep Learning section 8.5.4): steps scaled by the ratio of running RMS
 * values of past updates and of gradients, {@code r <- rho r + (1 - rho) g^2;
 * dx = -sqrt(u + delta) / sqrt(r + delta) g; u <- rho u + (1 - rho) dx^2; theta <- theta + lr dx}.
 * The learning rate multiplies the step (1 reproduces the paper, which has none).
 */
public final class AdaDelta extends Optimizer {

    private final float rho;
    private final float delta;

    public AdaDelta(Map<String, Variable> parameters, float learningRate, float rho, float delta) {
        super(parameters, learningRate);
        this.rho = Checks.decay("rho", rho);
        this.delta = Checks.positive("delta", delta);
    }

    @Override
    protected void update(int index, float[] theta, float[] g) {
        float lr = learningRate();
        float[] r = buffer(index, 0, theta.length);
        float[] u = buffer(index, 1, theta.length);
        for (int i = 0; i < theta.length; i++) {
            r[i] = rho * r[i] + (1 - rho) * g[i] * g[i];
            float dx = -(float) Math.sqrt(u[i] + delta) / (float) Math.sqrt(r[i] + delta) * g[i];
            u[i] = rho * u[i] + (1 - rho) * dx * dx;
            theta[i] += lr * dx;
        }
    }
}
