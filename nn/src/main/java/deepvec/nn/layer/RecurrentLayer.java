package deepvec.nn.layer;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.RecurrentOps;
import deepvec.nn.autograd.ShapeOps;
import deepvec.nn.autograd.Variable;
import deepvec.nn.init.Initializers;
import deepvec.simd.Recurrent;
import deepvec.simd.Recurrent.Cell;
import deepvec.simd.IntTensor;
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
        long hidden = BuiltInLayers.positive(c, "hidden");
        long perGate = Math.multiplyExact(hidden, Math.addExact(BuiltInLayers.positive(c, "in"), hidden + 2));
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
     * {@link Recurrent}); null for all T. From zeros, or, inside a {@link CarriedStates} call,
     * from the state the previous call ended in.
     */
    public Variable forward(Variable input, int[] lengths) {
        CarriedStates carried = CarriedStates.current();
        Run run = run(input, carried == null ? null : carried.initial(this, input.value().dim(0)), lengths);
        if (carried != null) {
            carried.keep(this, run.last());
        }
        return returnSequence ? run.outputs() : run.last().hidden();
    }

    /**
     * Runs input [N, T, D] from a given state, for a decoder started from its encoder's state
     * (section 10.4), a step-by-step decoding, or truncated back-propagation through time that
     * carries the state of one batch into the next (section 10.2.2).
     *
     * @param initial h_0 (and the LSTM's c_0), [N, H] each; null for zeros
     * @param lengths each example's steps, or null for T each (see {@link Recurrent})
     * @return every state [N, T, H] and the state after each example's last step
     */
    public Run run(Variable input, State initial, int[] lengths) {
        Tensor x = input.value();
        if (x.rank() != 3 || x.dim(2) != inputs()) {
            throw new ShapeException(typeOf(cell) + " layer: input " + Arrays.toString(x.shape()) + "; expected [N, T, " + inputs()
                    + "] (batch first)");
        }
        int batch = x.dim(0);
        State start = initial != null ? initial : State.zeros(cell, batch, hidden());
        start.check(cell, batch, hidden());
        RecurrentOps.Sequence s = RecurrentOps.run(cell, ShapeOps.transpose(input, 0, 1), start.hidden(), start.cell(), weightIh,
                weightHh, biasIh, biasHh, lengths, stepClip);
        if (Autograd.isEnabled()) {
            lastGradientNorms = s.gradientNorms();        // a pass that back-propagates (evaluation passes do not)
        }
        return new Run(ShapeOps.transpose(s.outputs(), 0, 1), new State(s.lastState(), s.lastCell()));
    }

    /**
     * A recurrent state: h [N, H], and for the LSTM its cell c [N, H] (null for the other cells).
     */
    public record State(Variable hidden, Variable cell) {

        /** The zero state of {@code batch} examples. */
        public static State zeros(Cell type, int batch, int units) {
            return new State(Variable.constant(Tensor.zeros(batch, units)),
                    type == Cell.LSTM ? Variable.constant(Tensor.zeros(batch, units)) : null);
        }

        /**
         * A copy of the values cut from the graph that computed them: gradients stop here, as
         * truncated back-propagation through time wants between two batches, and the copy
         * outlives the step's {@link deepvec.simd.Workspace}.
         */
        public State detached() {
            return new State(Variable.constant(hidden.value().copy()), cell == null ? null : Variable.constant(cell.value().copy()));
        }

        /** The rows {@code index} of every example's state, [index.length, H] (a beam search's surviving hypotheses). */
        public State rows(IntTensor index) {
            return new State(ShapeOps.indexSelect(hidden, 0, index), cell == null ? null : ShapeOps.indexSelect(cell, 0, index));
        }

        void check(Cell type, int batch, int units) {
            boolean cellRight = (type == Cell.LSTM) == (cell != null);
            if (!cellRight || !fits(hidden, batch, units) || (cell != null && !fits(cell, batch, units))) {
                throw new ShapeException(typeOf(type) + " layer: initial state h " + Arrays.toString(hidden.value().shape())
                        + (cell == null ? ", no cell" : ", c " + Arrays.toString(cell.value().shape())) + "; expected [" + batch + ", "
                        + units + "]" + (type == Cell.LSTM ? " for both h and c" : " and no cell"));
            }
        }

        private static boolean fits(Variable v, int batch, int units) {
            Tensor t = v.value();
            return t.rank() == 2 && t.dim(0) == batch && t.dim(1) == units;
        }
    }

    /** What {@link #run} returns: every state [N, T, H] and each example's last state. */
    public record Run(Variable outputs, State last) {
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
