package deepvec.nn.layer;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.ShapeOps;
import deepvec.nn.autograd.Variable;
import deepvec.nn.init.Initializers;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recurrent units built for long-term dependencies without gates (Deep Learning section 10.9):
 * leaky units that keep a running average of their past, {@code h_t = a h_{t-1} + (1 - a) s_t}
 * with a time constant {@code a} in (0, 1) per unit (eq. 10.9.2; a = sigmoid(theta), learned, or
 * fixed), and optionally skip connections through time, a direct path from {@code h_{t-d}} (section
 * 10.9.1): {@code s_t = tanh(x_t W + h_{t-1} U + h_{t-d} V + b)}. With a near 1 or a delay d the
 * gradient crosses T steps in about T (1 - a) or T / d multiplications, instead of T.
 *
 * <p>Built from the autograd's small ops, one step at a time (a study layer, not a fused one).
 * Shapes: input [N, T, D] batch first; {@code weight_ih} [D, H], {@code weight_hh} [H, H],
 * {@code bias} [H], {@code time_constants} theta [H], {@code weight_skip} [H, H] when d &gt; 1.
 */
public final class LeakyRecurrentLayer implements Layer {

    private final Variable weightIh;
    private final Variable weightHh;
    private final Variable bias;
    private final Variable timeConstants;     // theta: a = sigmoid(theta)
    private final Variable weightSkip;        // null without skip connections
    private final int delay;
    private final boolean returnSequence;
    private final float initialTimeConstant;

    /**
     * @param timeConstant the initial a of every unit, in (0, 1)
     * @param learned whether the time constants are trained
     * @param delay d &gt; 1 for skip connections from h_{t-d}, 1 for none
     */
    public LeakyRecurrentLayer(int in, int hidden, float timeConstant, boolean learned, int delay, boolean returnSequence, Rng rng) {
        if (in < 1 || hidden < 1 || !(timeConstant > 0 && timeConstant < 1) || delay < 1) {
            throw new IllegalArgumentException("leaky recurrent layer: " + in + " inputs, " + hidden + " units, time constant "
                    + timeConstant + ", delay " + delay + "; expected units >= 1, a time constant in (0, 1) and a delay >= 1");
        }
        this.weightIh = Variable.parameter(Initializers.glorotUniform(rng, in, hidden));
        this.weightHh = Variable.parameter(Initializers.orthogonal(rng, hidden, hidden, 1f));
        this.bias = Variable.parameter(Tensor.zeros(hidden));
        Tensor theta = Tensor.full((float) Math.log(timeConstant / (1 - timeConstant)), hidden);
        this.timeConstants = learned ? Variable.parameter(theta) : Variable.constant(theta);
        this.weightSkip = delay > 1 ? Variable.parameter(Initializers.orthogonal(rng, hidden, hidden, 1f)) : null;
        this.delay = delay;
        this.returnSequence = returnSequence;
        this.initialTimeConstant = timeConstant;
    }

    static LeakyRecurrentLayer fromConfig(LayerConfig c, Rng rng) {
        return new LeakyRecurrentLayer(c.intSetting("in"), c.intSetting("hidden"), c.floatSetting("time_constant"),
                c.booleanSetting("learned"), c.intSetting("delay"), c.booleanSetting("sequence"), rng);
    }

    /** D H + H H + 2 H (+ H H with skip connections): fixed time constants are a buffer, learned ones a parameter. */
    static long stateElements(LayerConfig c) {
        long in = BuiltInLayers.positive(c, "in");
        long hidden = BuiltInLayers.positive(c, "hidden");
        long squares = c.intSetting("delay") > 1 ? 2 : 1;
        long perUnit = Math.addExact(Math.addExact(in, Math.multiplyExact(squares, hidden)), 2);
        return Math.multiplyExact(hidden, perUnit);
    }

    @Override
    public Variable forward(Variable input) {
        Tensor x = input.value();
        int hidden = bias.value().size();
        if (x.rank() != 3 || x.dim(2) != weightIh.value().dim(0)) {
            throw new ShapeException("leaky recurrent layer: input " + Arrays.toString(x.shape()) + "; expected [N, T, "
                    + weightIh.value().dim(0) + "]");
        }
        int batch = x.dim(0);
        int steps = x.dim(1);
        Variable keep = Ops.sigmoid(timeConstants);                           // a, [H]
        Variable blend = Ops.sub(Variable.constant(Tensor.full(1f, hidden)), keep);
        List<Variable> states = new ArrayList<>();
        Variable h = Variable.constant(Tensor.zeros(batch, hidden));
        for (int t = 0; t < steps; t++) {
            Variable xt = ShapeOps.reshape(ShapeOps.slice(input, 1, t, t + 1), batch, x.dim(2));
            Variable a = Ops.add(Ops.linear(xt, weightIh, bias, false), Ops.matmul(h, weightHh));
            if (weightSkip != null && t >= delay) {
                a = Ops.add(a, Ops.matmul(states.get(t - delay), weightSkip));
            }
            h = Ops.add(Ops.mul(keep, h), Ops.mul(blend, Ops.tanh(a)));
            states.add(h);
        }
        if (!returnSequence) {
            return h;
        }
        List<Variable> rows = states.stream().map(s -> ShapeOps.reshape(s, batch, 1, hidden)).toList();
        return ShapeOps.concat(1, rows.toArray(Variable[]::new));
    }

    /** The current time constants a = sigmoid(theta), one per unit. */
    public float[] timeConstants() {
        float[] theta = timeConstants.value().toArray();
        float[] a = new float[theta.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (1 / (1 + Math.exp(-theta[i])));
        }
        return a;
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("leaky_rnn", "in", weightIh.value().dim(0), "hidden", bias.value().size(), "time_constant",
                (double) initialTimeConstant, "learned", timeConstants.requiresGrad(), "delay", delay, "sequence", returnSequence);
    }

    @Override
    public Map<String, Variable> localParameters() {
        Map<String, Variable> params = new LinkedHashMap<>();
        params.put("weight_ih", weightIh);
        params.put("weight_hh", weightHh);
        params.put("bias", bias);
        if (timeConstants.requiresGrad()) {
            params.put("time_constants", timeConstants);
        }
        if (weightSkip != null) {
            params.put("weight_skip", weightSkip);
        }
        return params;
    }

    @Override
    public Map<String, Tensor> localBuffers() {
        return timeConstants.requiresGrad() ? Map.of() : Map.of("time_constants", timeConstants.value());
    }
}
