package deepvec.nn.layer;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.ShapeOps;
import deepvec.nn.autograd.Variable;
import deepvec.nn.init.Initializers;
import deepvec.simd.Reduce;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RNN whose only recurrence is from the output to the hidden layer (Deep Learning section
 * 10.2.1, figure 10.4): {@code h_t = tanh(b + W y_{t-1} + U x_t)}, {@code o_t = c + V h_t},
 * {@code y^_t = softmax(o_t)}, y_{t-1} as a one-hot vector over the K outputs (zero before the
 * first step). It is trained with teacher forcing (figure 10.6): the true y_{t-1} is fed in, so
 * the steps decouple and all N T of them are one batch of matrix products, with no
 * back-propagation through time. At test time {@link #generate} feeds back the model's own
 * most probable output instead.
 *
 * <p>{@link #forward} takes [N, T, D + 1]: each step's x_t and then the previous output's id
 * (K at the first step, for none), and returns the logits o_t, [N T, K]. Parameters: {@code
 * input} U [D, H], {@code feedback} W [K, H], {@code bias} b [H], {@code output} V [H, K],
 * {@code output_bias} c [K].
 */
public final class OutputRecurrentNetwork implements Layer {

    private final Variable input;
    private final Variable feedback;
    private final Variable bias;
    private final Variable output;
    private final Variable outputBias;

    public OutputRecurrentNetwork(int in, int hidden, int classes, Rng rng) {
        if (in < 1 || hidden < 1 || classes < 2) {
            throw new IllegalArgumentException("output-recurrent network: " + in + " inputs, " + hidden + " hidden units, " + classes
                    + " outputs; expected >= 1, >= 1 and >= 2");
        }
        this.input = Variable.parameter(Initializers.glorotUniform(rng, in, hidden));
        this.feedback = Variable.parameter(Initializers.glorotUniform(rng, classes, hidden));
        this.bias = Variable.parameter(Tensor.zeros(hidden));
        this.output = Variable.parameter(Initializers.glorotUniform(rng, hidden, classes));
        this.outputBias = Variable.parameter(Tensor.zeros(classes));
    }

    static OutputRecurrentNetwork fromConfig(LayerConfig c, Rng rng) {
        return new OutputRecurrentNetwork(c.intSetting("in"), c.intSetting("hidden"), c.intSetting("classes"), rng);
    }

    /** U, W, b, V and c: H (D + K + 1) + K (H + 1) values. */
    static long stateElements(LayerConfig c) {
        long in = BuiltInLayers.positive(c, "in");
        long hidden = BuiltInLayers.positive(c, "hidden");
        long classes = BuiltInLayers.positive(c, "classes");
        return Math.addExact(Math.multiplyExact(hidden, in + classes + 1), Math.multiplyExact(classes, hidden + 1));
    }

    @Override
    public Variable forward(Variable steps) {
        Tensor v = steps.value();
        if (v.rank() != 3 || v.dim(2) != inputs() + 1) {
            throw new ShapeException("output-recurrent network: input " + Arrays.toString(v.shape()) + "; expected [N, T, " + inputs()
                    + " + 1] (each step's inputs, then the previous output's id)");
        }
        int rows = v.dim(0) * v.dim(1);
        Variable flat = ShapeOps.reshape(steps, rows, inputs() + 1);
        Variable x = ShapeOps.slice(flat, 1, 0, inputs());
        float[] previous = flat.value().slice(1, inputs(), inputs() + 1).contiguous().toArray();
        return logits(x, Variable.constant(oneHot(previous)));
    }

    /** o = c + V tanh(b + W y + U x) for x [n, D] and one-hot y [n, K]. */
    private Variable logits(Variable x, Variable previous) {
        Variable hidden = Ops.tanh(Ops.add(Ops.add(Ops.matmul(x, input), Ops.matmul(previous, feedback)), bias));
        return Ops.linear(hidden, output, outputBias, false);
    }

    /** The one-hot rows of ids (K: a zero row), [n, K]. */
    private Tensor oneHot(float[] ids) {
        int classes = classes();
        Tensor y = Tensor.zeros(ids.length, classes);
        for (int i = 0; i < ids.length; i++) {
            float id = ids[i];
            if (id != (int) id || id < 0 || id > classes) {
                throw new IllegalArgumentException("output-recurrent network: previous output " + id + " at row " + i
                        + "; expected an id in [0, " + classes + "] (" + classes + ": none)");
            }
            if (id < classes) {
                y.data()[i * classes + (int) id] = 1f;
            }
        }
        return y;
    }

    /**
     * Free-running generation for inputs [N, T, D]: each step reads the model's own most
     * probable previous output (none at the first step). Returns the ids [N, T].
     */
    public int[][] generate(Tensor steps) {
        if (steps.rank() != 3 || steps.dim(2) != inputs()) {
            throw new ShapeException("output-recurrent network: inputs " + Arrays.toString(steps.shape()) + "; expected [N, T, "
                    + inputs() + "]");
        }
        int batch = steps.dim(0);
        int length = steps.dim(1);
        int[][] ids = new int[batch][length];
        float[] previous = new float[batch];
        Arrays.fill(previous, classes());
        for (int t = 0; t < length; t++) {
            Tensor x = steps.slice(1, t, t + 1).contiguous().reshape(batch, inputs());
            float[] last = previous;
            Tensor o = Autograd.noGrad(() -> logits(Variable.constant(x), Variable.constant(oneHot(last)))).value();
            int[] best = Reduce.argmax(o, 1);
            for (int n = 0; n < batch; n++) {
                ids[n][t] = best[n];
                previous[n] = best[n];
            }
        }
        return ids;
    }

    /** D, the inputs per step. */
    public int inputs() {
        return input.value().dim(0);
    }

    /** K, the outputs. */
    public int classes() {
        return output.value().dim(1);
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("output_rnn", "in", inputs(), "hidden", bias.value().dim(0), "classes", classes());
    }

    @Override
    public Map<String, Variable> localParameters() {
        Map<String, Variable> params = new LinkedHashMap<>();
        params.put("input", input);
        params.put("feedback", feedback);
        params.put("bias", bias);
        params.put("output", output);
        params.put("output_bias", outputBias);
        return params;
    }
}
