package deepvec.nn.layer;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.RecurrentOps;
import deepvec.nn.autograd.ShapeOps;
import deepvec.nn.autograd.Variable;
import deepvec.nn.init.Initializers;
import deepvec.simd.Recurrent;
import deepvec.simd.Recurrent.Cell;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A recurrent layer over batch-first sequences [N, T, D] (Deep Learning chapter 10): an Elman
 * unit ({@code rnn}, eqs. 10.8-10.9), an LSTM ({@code lstm}, eqs. 10.40-10.44) or a GRU
 * ({@code gru}, eqs. 10.45-10.46), run from a zero state as one fused op
 * ({@link RecurrentOps}). It returns every state [N, T, H] (many-to-many, or to stack layers)
 * or the last one [N, H] (many-to-one).
 *
 * <p>Parameters are PyTorch's {@code nn.RNN}/{@code nn.LSTM}/{@code nn.GRU} ones under the same
 * names without the layer suffix, so their weights import: {@code weight_ih} [G H, D],
 * {@code weight_hh} [G H, H], {@code bias_ih}, {@code bias_hh} [G H]. Initialisation follows
 * section 8.4 and 10.10.1: input weights by normalised (Glorot) initialisation per gate,
 * recurrent weights orthogonal per gate, biases zero except the LSTM's forget-gate bias, 1.
 */
public final class RecurrentLayer implements Layer {

    private final Cell cell;
    private final boolean returnSequence;
    private final float stepClip;
    private final Variable weightIh;
    private final Variable weightHh;
    private final Variable biasIh;
    private final Variable biasHh;
    private volatile RecurrentOps.GradientNorms lastGradientNorms;

    /**
     * @param returnSequence every state [N, T, H] if true, else the last state [N, H]
     */
    public RecurrentLayer(Cell cell, int in, int hidden, boolean returnSequence, Rng rng) {
        this(cell, in, hidden, returnSequence, 0f, rng);
    }

    /**
     * @param stepClip when positive, back-propagation through time clips the gradient reaching
     *     each example's state at each step to this norm (section 10.11.1)
     */
    public RecurrentLayer(Cell cell, int in, int hidden, boolean returnSequence, float stepClip, Rng rng) {
        if (!(stepClip >= 0) || Float.isInfinite(stepClip)) {
            throw new IllegalArgumentException(cell + " layer: per-step clipping norm " + stepClip + "; expected >= 0 and finite (0: off)");
        }
        if (in < 1 || hidden < 1) {
            throw new IllegalArgumentException(cell + " layer: " + in + " inputs, " + hidden + " hidden units; both must be >= 1");
        }
        int gates = cell.gates();
        Tensor wIh = Tensor.zeros(gates * hidden, in);
        Tensor wHh = Tensor.zeros(gates * hidden, hidden);
        for (int k = 0; k < gates; k++) {
            copyRows(Initializers.glorotUniform(rng, in, hidden).transpose(0, 1), wIh, k * hidden);
            copyRows(Initializers.orthogonal(rng, hidden, hidden, 1f), wHh, k * hidden);
        }
        Tensor bIh = Tensor.zeros(gates * hidden);
        if (cell == Cell.LSTM) {
            Arrays.fill(bIh.data(), hidden, 2 * hidden, 1f);     // the forget gate starts open
        }
        this.cell = cell;
        this.returnSequence = returnSequence;
        this.stepClip = stepClip;
        this.weightIh = Variable.parameter(wIh);
        this.weightHh = Variable.parameter(wHh);
        this.biasIh = Variable.parameter(bIh);
        this.biasHh = Variable.parameter(Tensor.zeros(gates * hidden));
    }

    private static void copyRows(Tensor block, Tensor target, int firstRow) {
        Tensor dense = block.contiguous().copy();
        System.arraycopy(dense.data(), 0, target.data(), firstRow * target.dim(1), dense.size());
    }

    static RecurrentLayer fromConfig(Cell cell, LayerConfig c, Rng rng) {
        float clip = c.settings().containsKey("step_clip") ? c.floatSetting("step_clip") : 0f;     // optional: off when absent
        return new RecurrentLayer(cell, c.intSetting("in"), c.intSetting("hidden"), c.booleanSetting("sequence"), clip, rng);
    }

    /** The parameter values a layer of {@code c} holds: G H (D + H + 2). */
    static long stateElements(Cell cell, LayerConfig c) {
        long hidden = LayerRegistry.positive(c, "hidden");
        long perGate = Math.multiplyExact(hidden, Math.addExact(LayerRegistry.positive(c, "in"), hidden + 2));
        return Math.multiplyExact(cell.gates(), perGate);
    }

    /** The config type of each cell. */
    static String typeOf(Cell cell) {
        return switch (cell) {
            case TANH -> "rnn";
            case LSTM -> "lstm";
            case GRU -> "gru";
        };
    }

    @Override
    public Variable forward(Variable input) {
        return forward(input, null);
    }

    /**
     * Runs padded sequences: example n is read for its first {@code lengths[n]} steps (see
     * {@link Recurrent}); null for all T.
     */
    public Variable forward(Variable input, int[] lengths) {
        Tensor x = input.value();
        if (x.rank() != 3 || x.dim(2) != inputs()) {
            throw new ShapeException(typeOf(cell) + " layer: input " + Arrays.toString(x.shape()) + "; expected [N, T, " + inputs()
                    + "] (batch first)");
        }
        int batch = x.dim(0);
        Variable timeMajor = ShapeOps.transpose(input, 0, 1);
        Variable h0 = Variable.constant(Tensor.zeros(batch, hidden()));
        Variable c0 = cell == Cell.LSTM ? Variable.constant(Tensor.zeros(batch, hidden())) : null;
        RecurrentOps.Sequence s = RecurrentOps.run(cell, timeMajor, h0, c0, weightIh, weightHh, biasIh, biasHh, lengths, stepClip);
        if (Autograd.isEnabled()) {
            lastGradientNorms = s.gradientNorms();        // a pass that back-propagates (evaluation passes do not)
        }
        return returnSequence ? ShapeOps.transpose(s.outputs(), 0, 1) : s.lastState();
    }

    /**
     * The norm of the gradient that reached each state h_1..h_T in the latest backward pass
     * through this layer's latest forward pass (section 10.7: it shrinks or grows as it goes back
     * in time), or null if there has been none.
     */
    public double[] stateGradientNorms() {
        RecurrentOps.GradientNorms norms = lastGradientNorms;
        return norms == null ? null : norms.values();
    }

    /** The cell type. */
    public Cell cell() {
        return cell;
    }

    /** The input width D. */
    public int inputs() {
        return weightIh.value().dim(1);
    }

    /** The hidden units H. */
    public int hidden() {
        return weightHh.value().dim(1);
    }

    @Override
    public LayerConfig config() {
        return stepClip > 0 ? LayerConfig.of(typeOf(cell), "in", inputs(), "hidden", hidden(), "sequence", returnSequence, "step_clip", stepClip)
                : LayerConfig.of(typeOf(cell), "in", inputs(), "hidden", hidden(), "sequence", returnSequence);
    }

    @Override
    public Map<String, Variable> localParameters() {
        Map<String, Variable> params = new LinkedHashMap<>();
        params.put("weight_ih", weightIh);
        params.put("weight_hh", weightHh);
        params.put("bias_ih", biasIh);
        params.put("bias_hh", biasHh);
        return params;
    }
}
