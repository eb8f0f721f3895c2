package deepvec.simd;

import deepvec.simd.internal.BinaryKernels;
import deepvec.simd.internal.GemmKernels;
import deepvec.simd.internal.KernelProvider;
import deepvec.simd.internal.RecurrentKernels;
import deepvec.simd.internal.UnaryKernels;
import java.util.Arrays;

/**
 * A recurrent layer over a whole sequence (Deep Learning chapter 10), forward and back-propagated
 * through time, as few large operations as the recurrence allows. For the Elman and LSTM cells,
 * each step is one GEMM of the joint row [x_t, h_{t-1}, 1] by [W_ih, W_hh, b_ih + b_hh]^T (the bias
 * as the weight of an input that is always 1, section 6.1), then one
 * fused pass of the cell's nonlinearities ({@link RecurrentKernels}); backward, one GEMM per step
 * carries the gradient to the previous state and both weight gradients are one GEMM over all
 * steps of the joint rows. The GRU, whose reset gate multiplies the recurrent part alone, projects
 * the inputs of all T steps in one GEMM and adds the recurrent projection by one GEMM per step.
 *
 * <p>Shapes (time-major): inputs x [T, B, D], states h [B, H]; weights in PyTorch's layout,
 * {@code W_ih} [G H, D], {@code W_hh} [G H, H], biases {@code b_ih}, {@code b_hh} [G H], with G
 * gates per cell. Variable lengths: example b is read for its first {@code lengths[b]} steps;
 * after them its state is carried unchanged, so the last state is the one after its last step,
 * and its gradients are those of the sequence run alone.
 */
public final class Recurrent {

    /** The cell types, with their gate count G. */
    public enum Cell {
        /** Elman unit (eqs. 10.8-10.9): {@code h = tanh(W_ih x + b_ih + W_hh h_prev + b_hh)}. */
        TANH(1),
        /** Long short-term memory (eqs. 10.40-10.44), gates i, f, g, o. */
        LSTM(4),
        /** Gated recurrent unit (eqs. 10.45-10.46), gates r, z, n. */
        GRU(3);

        private final int gates;

        Cell(int gates) {
            this.gates = gates;
        }

        /** Gates per hidden unit, G. */
        public int gates() {
            return gates;
        }
    }

    /** Rows transposed together by {@link #transposeInto}: 16 rows of 64-byte lines stay in L1 across the columns. */
    private static final int TRANSPOSE_BLOCK = 16;
    /** Matrices of fewer floats are transposed by one thread: waking another costs more. */
    private static final int PARALLEL_TRANSPOSE_MIN = 16_384;

    private Recurrent() {
    }

    /**
     * What a forward pass keeps for its backward pass: the activated gates per step, the states
     * h_0..h_T (and for the LSTM the cells c_0..c_T and tanh(c_1..c_T)).
     */
    public static final class Trace {
        private final Cell cell;
        private final int steps;
        private final int batch;
        private final int hidden;
        private final int[] lengths;
        private final float[] gates;          // [T, B, G H] activated (the GRU's r, z, n)
        private final float[] recurrent;      // GRU: [T, B, 3H], W_hh h_prev + b_hh
        private final float[] states;         // [T + 1, B, H]
        private final float[] cells;          // LSTM: [T + 1, B, H]
        private final float[] tanhCells;      // LSTM: [T, B, H]
        private final float[] inputs;         // x [T, B, D], dense
        private final float[] joint;          // Elman, LSTM: [T, B, D + H + 1], the rows [x_t, h_{t-1}, 1]; null for the GRU
        private final float[] weightIh;       // [G H, D]
        private final float[] weightHh;       // [G H, H]
        private final int inputSize;
        private final boolean history;        // gates and tanh(c) kept for every step, for the backward pass
        private boolean backPropagated;       // the Elman and LSTM gates hold their gradients now

        private Trace(Cell cell, int steps, int batch, int hidden, int[] lengths, Tensor x, Tensor wIh, Tensor wHh, boolean forBackward) {
            this.cell = cell;
            this.steps = steps;
            this.batch = batch;
            this.hidden = hidden;
            this.lengths = lengths;
            int gateCount = cell.gates() * hidden;
            // the GRU's gates hold the input projections of all steps, computed before the recurrence
            this.history = forBackward || cell == Cell.GRU;
            int stepsKept = history ? steps : 1;
            // every element is written before it is read (tanhCells of a finished example is neither)
            this.gates = Workspace.scratch(stepsKept * batch * gateCount);
            this.recurrent = cell == Cell.GRU ? Workspace.scratch(steps * batch * gateCount) : null;
            this.states = Workspace.scratch((steps + 1) * batch * hidden);
            this.cells = cell == Cell.LSTM ? Workspace.scratch((steps + 1) * batch * hidden) : null;
            this.tanhCells = cell == Cell.LSTM ? Workspace.scratch(stepsKept * batch * hidden) : null;
            this.inputs = dense(x);
            this.weightIh = dense(wIh);
            this.weightHh = dense(wHh);
            this.inputSize = x.dim(2);
            this.joint = cell == Cell.GRU ? null : Workspace.scratch(steps * batch * jointWidth());
        }

        /**
         * Where step t's rows of {@code width} floats per example start in the gates (width G H)
         * or tanh(c) (width H): one buffer per step with history, else one reused by every step.
         */
        private int stepOffset(int t, int width) {
            return history ? t * batch * width : 0;
        }

        /** Columns of a joint row [x_t, h_{t-1}, 1]. */
        private int jointWidth() {
            return inputSize + hidden + 1;
        }

        /** The states after each step, h_1..h_T, [T, B, H] (a view). */
        public Tensor outputs() {
            return Tensor.of(states, steps + 1, batch, hidden).slice(0, 1, steps + 1);
        }

        /** The last state h_T, [B, H] (a view). */
        public Tensor lastState() {
            return Tensor.of(states, steps + 1, batch, hidden).slice(0, steps, steps + 1).reshape(batch, hidden);
        }

        /** The LSTM's last cell c_T, [B, H] (a view). */
        public Tensor lastCell() {
            if (cells == null) {
                throw new IllegalStateException("a " + cell + " cell has no memory cell");
            }
            return Tensor.of(cells, steps + 1, batch, hidden).slice(0, steps, steps + 1).reshape(batch, hidden);
        }

        private boolean active(int t, int b) {
            return lengths == null || t < lengths[b];
        }
    }

    /**
     * The gradients of a sequence's inputs, initial state(s) and weights, and the norm of the
     * gradient reaching each state, {@code ||dL/dh_t||} over the batch for t = 1..T: how the
     * gradient grows or vanishes as it travels back through time (section 10.7). {@code x} is null
     * when the input gradient was not asked for.
     */
    public record Gradients(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, double[] stateGradientNorms) {
    }

    /**
     * Runs the cell over the sequence. With {@code forBackward} the trace keeps what
     * {@link #backward} needs; without it (inference) the Elman and LSTM cells write each step's
     * gates (and tanh(c)) over the previous step's, in a buffer that stays in cache, instead of
     * keeping [T, B, G H] of them. The states, and so the results, are the same bits either way.
     *
     * @param c0 the LSTM's initial cell [B, H]; null for the other cells
     * @param lengths the steps of each example (1..T), or null for T each
     * @param forBackward whether the trace will be back-propagated
     * @throws ShapeException if a shape does not fit the others
     */
    public static Trace forward(Cell cell, Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
            int[] lengths, boolean forBackward) {
        checkShapes(cell, x, h0, c0, wIh, wHh, bIh, bHh, lengths);
        int steps = x.dim(0);
        int batch = x.dim(1);
        int inputs = x.dim(2);
        int hidden = h0.dim(1);
        int g = cell.gates() * hidden;
        RecurrentKernels kernels = KernelProvider.kernels().recurrent();
        UnaryKernels unary = KernelProvider.kernels().unary();
        Trace trace = new Trace(cell, steps, batch, hidden, lengths == null ? null : lengths.clone(), x, wIh, wHh, forBackward);
        copy(h0, trace.states, 0);
        if (trace.cells != null) {
            copy(c0, trace.cells, 0);
        }
        float[] weightsT;          // read in place, unpacked, by each step's GEMM
        float[] recurrentBias;     // the GRU's b_hh, added per step; the other cells' bias is a row of weightsT
        if (cell == Cell.GRU) {    // the GRU keeps b_hh inside r (W_hh h + b_hh): the inputs are projected apart
            weightsT = transposed(trace.weightHh, 0, g, hidden);                                         // [H, G H]
            recurrentBias = dense(bHh);
            fillRows(trace.gates, 0, steps * batch, dense(bIh), g);
            Gemm.sgemm(false, true, steps * batch, g, inputs, 1f, trace.inputs, 0, inputs, trace.weightIh, 0, inputs, 1f,
                    trace.gates, 0, g);
        } else {
            int width = trace.jointWidth();
            weightsT = Workspace.scratch(width * g);                                                    // [D + H + 1, G H]
            transposeInto(trace.weightIh, 0, g, inputs, weightsT, 0);
            transposeInto(trace.weightHh, 0, g, hidden, weightsT, inputs * g);
            float[] bIhValues = dense(bIh);
            float[] bHhValues = dense(bHh);
            for (int j = 0; j < g; j++) {
                weightsT[(inputs + hidden) * g + j] = bIhValues[j] + bHhValues[j];
            }
            recurrentBias = null;
        }
        int[] bounds = rowBlocks(batch);
        ComputePool.current().parallelFor(bounds.length - 1, block -> forwardRows(trace, bounds[block], bounds[block + 1], weightsT,
                recurrentBias, kernels, unary));
        return trace;
    }

    /**
     * Cuts the batch into one block of rows per thread of the current pool, each a whole number of
     * GEMM register tiles (the last takes the rest): every step's GEMM then runs full-height tiles
     * but for at most one short one per block. A row's values do not depend on the cut (each row
     * of a GEMM is computed by the same sequence of operations in any tile), so neither do the
     * results of the thread count.
     *
     * @return the block boundaries, {@code 0 = bounds[0] < ... < bounds[blocks] = batch}
     */
    private static int[] rowBlocks(int batch) {
        int threads = ComputePool.current().threads();
        int perThread = (batch + threads - 1) / threads;
        GemmKernels gemm = KernelProvider.kernels().gemm();
        int tile = GemmDriver.readsAInPlace(gemm, perThread) ? gemm.directMr() : gemm.mr();   // the tile the step's GEMM runs
        int rows = (perThread + tile - 1) / tile * tile;
        int[] bounds = new int[(batch + rows - 1) / rows + 1];
        for (int block = 1; block < bounds.length; block++) {
            bounds[block] = Math.min(batch, block * rows);
        }
        return bounds;
    }

    /**
     * The recurrence for rows [b0, b1) of the batch, every step: rows do not interact, so each
     * block of rows runs on its own thread with no synchronisation per step.
     */
    private static void forwardRows(Trace trace, int b0, int b1, float[] weightsT, float[] recurrentBias, RecurrentKernels kernels,
            UnaryKernels unary) {
        Cell cell = trace.cell;
        int batch = trace.batch;
        int hidden = trace.hidden;
        int g = cell.gates() * hidden;
        int width = trace.joint == null ? 0 : trace.jointWidth();
        for (int t = 0; t < trace.steps; t++) {
            int prev = t * batch * hidden;
            int next = (t + 1) * batch * hidden;
            int gateRow = trace.stepOffset(t, g);
            if (cell == Cell.GRU) {   // the recurrent projection W_hh h + b_hh, kept apart
                fillRows(trace.recurrent, gateRow + b0 * g, b1 - b0, recurrentBias, g);
                Gemm.sgemm(false, false, b1 - b0, g, hidden, 1f, trace.states, prev + b0 * hidden, hidden, weightsT, 0, g, 1f,
                        trace.recurrent, gateRow + b0 * g, g);
            } else {                  // [x_t, h_{t-1}, 1] [W_ih, W_hh, b]^T, written over the gate rows
                assembleJointRows(trace, t, b0, b1);
                Gemm.sgemm(false, false, b1 - b0, g, width, 1f, trace.joint, (t * batch + b0) * width, width, weightsT, 0, g, 0f,
                        trace.gates, gateRow + b0 * g, g);
            }
            for (int b = b0; b < b1; b++) {
                int s = b * hidden;
                int a = gateRow + b * g;
                if (!trace.active(t, b)) {
                    System.arraycopy(trace.states, prev + s, trace.states, next + s, hidden);
                    if (trace.cells != null) {
                        System.arraycopy(trace.cells, prev + s, trace.cells, next + s, hidden);
                    }
                    continue;
                }
                switch (cell) {
                    case TANH -> unary.tanh(trace.gates, a, trace.states, next + s, hidden);
                    case LSTM -> kernels.lstmCell(trace.gates, a, trace.cells, prev + s, trace.cells, next + s, trace.tanhCells,
                            trace.stepOffset(t, hidden) + s, trace.states, next + s, hidden);
                    case GRU -> kernels.gruCell(trace.gates, a, trace.recurrent, a, trace.states, prev + s, trace.states, next + s,
                            hidden);
                }
            }
        }
    }

    /**
     * Writes the joint rows [x_t, h_{t-1}, 1] of step t for rows [b0, b1) of the batch, by the
     * thread that runs them, just before its GEMM reads them (and while h_{t-1} is in cache).
     */
    private static void assembleJointRows(Trace trace, int t, int b0, int b1) {
        int inputs = trace.inputSize;
        int hidden = trace.hidden;
        int width = trace.jointWidth();
        for (int b = b0; b < b1; b++) {
            int row = t * trace.batch + b;
            System.arraycopy(trace.inputs, row * inputs, trace.joint, row * width, inputs);
            System.arraycopy(trace.states, row * hidden, trace.joint, row * width + inputs, hidden);   // h_{t-1}: row t B + b of the states
            trace.joint[row * width + inputs + hidden] = 1f;
        }
    }

    /**
     * Back-propagates through time (eqs. 10.18-10.28 for the Elman unit; the gated cells by the
     * same chain rule through their gates).
     *
     * @param dOutputs the gradient of the loss with respect to h_1..h_T, [T, B, H]
     * @param dLastCell the gradient with respect to the LSTM's c_T [B, H], or null for none
     * @param stepClip when positive, the gradient reaching each example's state at each step is
     *     scaled down to at most this norm before it goes further back (clipping per step of BPTT,
     *     section 10.11.1); the reported norms are those before clipping
     * @param inputGradient whether to compute the gradient of the inputs x (not needed for data)
     * @throws IllegalStateException if the trace was computed without {@code forBackward}, or is an
     *     Elman or LSTM trace back-propagated already (its gates now hold their gradients)
     */
    public static Gradients backward(Trace trace, Tensor dOutputs, Tensor dLastCell, float stepClip, boolean inputGradient) {
        if (!(stepClip >= 0) || Float.isInfinite(stepClip)) {
            throw new IllegalArgumentException("the per-step clipping norm must be >= 0 and finite (0: off), got " + stepClip);
        }
        if (!trace.history) {
            throw new IllegalStateException("Recurrent.backward: this trace was computed for inference (forBackward = false) and kept "
                    + "only the last step's gates; run the forward pass with forBackward = true to back-propagate through it");
        }
        if (trace.backPropagated) {
            throw new IllegalStateException("Recurrent.backward: this " + trace.cell + " trace was back-propagated already, and its gate "
                    + "buffer now holds the gate gradients; run the forward pass again to back-propagate a second time");
        }
        int steps = trace.steps;
        int batch = trace.batch;
        int hidden = trace.hidden;
        int inputs = trace.inputSize;
        int g = trace.cell.gates() * hidden;
        if (!Arrays.equals(dOutputs.shape(), new int[] {steps, batch, hidden})) {
            throw new ShapeException("Recurrent.backward: output gradient " + Arrays.toString(dOutputs.shape()) + "; expected ["
                    + steps + ", " + batch + ", " + hidden + "]");
        }
        RecurrentKernels kernels = KernelProvider.kernels().recurrent();
        BinaryKernels binary = KernelProvider.kernels().binary();
        Tensor dOut = dOutputs.contiguous();        // read in place: the autograd op passes a view of its stacked gradient
        // the cell kernels write every row of an active step, backwardRows zeroes a finished example's rows. The Elman
        // and LSTM gate gradients are written over the gates, each step's after its last read: the rows are in cache
        // then, where a buffer of their own would add T B G H floats of memory traffic, written cold
        boolean gru = trace.cell == Cell.GRU;
        float[] dGates = gru ? Workspace.scratch(steps * batch * g) : trace.gates;     // the GRU: x-projection gradients
        float[] dRecurrent = gru ? Workspace.scratch(steps * batch * g) : dGates;
        trace.backPropagated = !gru;
        float[] dh = Workspace.zeros(batch * hidden);       // reaching h_t from step t + 1
        float[] dc = trace.cell == Cell.LSTM ? Workspace.zeros(batch * hidden) : null;
        if (dc != null && dLastCell != null) {
            copy(dLastCell, dc, 0);
        }
        int[] bounds = rowBlocks(batch);
        double[] squares = new double[steps * batch];       // per step and example: summed in row order, the cut does not matter
        ComputePool.current().parallelFor(bounds.length - 1, block -> backwardRows(trace, bounds[block], bounds[block + 1], dOut.data(),
                dOut.offset(), dGates, dRecurrent, dh, dc, squares, stepClip, kernels, binary));
        double[] norms = new double[steps];
        for (int t = 0; t < steps; t++) {
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                sum += squares[t * batch + b];
            }
            norms[t] = Math.sqrt(sum);
        }
        // the weight gradients as their transposes, [x, h, 1]^T dG: the transposed operand packed is the narrow one
        float[] dwi;
        float[] dwh;
        Tensor dbIh;
        Tensor dbHh;
        if (trace.joint != null) {
            // all at once, from the first D + H columns of the joint rows [x_t, h_{t-1}, 1]; db, the gradient of the
            // weight of the constant 1, is the column sum of dG: as one more GEMM row it would take a 12-row tile
            // with one real row (D + H = 156 is 13 whole tiles) and the masked packing of a ragged panel
            int width = trace.jointWidth();
            int weights = inputs + hidden;
            float[] dwT = Workspace.scratch(weights * g);
            Gemm.sgemm(true, false, weights, g, steps * batch, 1f, trace.joint, 0, width, dGates, 0, g, 0f, dwT, 0, g);
            dwi = transposed(dwT, 0, inputs, g);
            dwh = transposed(dwT, inputs * g, hidden, g);
            dbIh = Reduce.sum(Tensor.of(dGates, steps * batch, g), 0, false);
            dbHh = dbIh.copy();
        } else {
            float[] dwhT = Workspace.scratch(hidden * g);
            Gemm.sgemm(true, false, hidden, g, steps * batch, 1f, trace.states, 0, hidden, dRecurrent, 0, g, 0f, dwhT, 0, g);
            float[] dwiT = Workspace.scratch(inputs * g);
            Gemm.sgemm(true, false, inputs, g, steps * batch, 1f, trace.inputs, 0, inputs, dGates, 0, g, 0f, dwiT, 0, g);
            dwh = transposed(dwhT, 0, hidden, g);
            dwi = transposed(dwiT, 0, inputs, g);
            dbIh = Reduce.sum(Tensor.of(dGates, steps * batch, g), 0, false);
            dbHh = Reduce.sum(Tensor.of(dRecurrent, steps * batch, g), 0, false);
        }
        Tensor dx = null;
        if (inputGradient) {
            float[] values = Workspace.scratch(steps * batch * inputs);
            Gemm.sgemm(false, false, steps * batch, inputs, g, 1f, dGates, 0, g, trace.weightIh, 0, inputs, 0f, values, 0, inputs);
            dx = Tensor.of(values, steps, batch, inputs);
        }
        return new Gradients(dx, Tensor.of(dh, batch, hidden),
                dc == null ? null : Tensor.of(dc, batch, hidden), Tensor.of(dwi, g, inputs), Tensor.of(dwh, g, hidden), dbIh, dbHh, norms);
    }

    /** The rows [b0, b1) of back-propagation through time; dh and dc hold those rows' gradients at the start of the sequence on return. */
    private static void backwardRows(Trace trace, int b0, int b1, float[] dOut, int dOutOffset, float[] dGates, float[] dRecurrent,
            float[] dh, float[] dc, double[] squares, float stepClip, RecurrentKernels kernels, BinaryKernels binary) {
        int batch = trace.batch;
        int hidden = trace.hidden;
        int g = trace.cell.gates() * hidden;
        int rows = b1 - b0;
        float[] current = new float[rows * hidden];
        float[] direct = new float[rows * hidden];  // what reaches h_{t-1} without the GEMM: carried rows, the GRU's z path
        for (int t = trace.steps - 1; t >= 0; t--) {
            int out = t * batch * hidden;
            int gateRow = t * batch * g;
            binary.add(dOut, dOutOffset + out + b0 * hidden, dh, b0 * hidden, current, 0, rows * hidden);
            for (int b = b0; b < b1; b++) {
                double squared = squaredNorm(current, (b - b0) * hidden, hidden);
                squares[t * batch + b] = squared;
                if (stepClip > 0) {
                    clip(current, (b - b0) * hidden, hidden, squared, stepClip);
                }
            }
            Arrays.fill(direct, 0f);
            for (int b = b0; b < b1; b++) {
                int s = b * hidden;
                int local = (b - b0) * hidden;
                int a = gateRow + b * g;
                if (!trace.active(t, b)) {
                    System.arraycopy(current, local, direct, local, hidden);       // the state was carried; so is its gradient (and dc)
                    Arrays.fill(dGates, a, a + g, 0f);
                    if (dRecurrent != dGates) {
                        Arrays.fill(dRecurrent, a, a + g, 0f);
                    }
                    continue;
                }
                switch (trace.cell) {
                    case TANH -> kernels.tanhBackward(trace.states, (t + 1) * batch * hidden + s, current, local, dGates, a, hidden);
                    case LSTM -> kernels.lstmCellBackward(trace.gates, a, trace.cells, out + s, trace.tanhCells, out + s, current, local,
                            dc, s, dGates, a, hidden);
                    case GRU -> kernels.gruCellBackward(trace.gates, a, trace.recurrent, a, trace.states, out + s, current, local,
                            dGates, a, dRecurrent, a, direct, local, hidden);
                }
            }
            System.arraycopy(direct, 0, dh, b0 * hidden, rows * hidden);
            Gemm.sgemm(false, false, rows, hidden, g, 1f, dRecurrent, gateRow + b0 * g, g, trace.weightHh, 0, hidden, 1f, dh, b0 * hidden,
                    hidden);
        }
    }

    /**
     * The squared norm of x[from, from + n), each square and the sum in double, so that the
     * exploding-gradient diagnostic stays finite for |x| above 1.8e19, where the float squares of
     * the reduction kernel behind {@link Reduce#sumOfSquares} overflow.
     */
    private static double squaredNorm(float[] x, int from, int n) {
        double sum = 0;
        for (int j = from; j < from + n; j++) {
            sum += (double) x[j] * x[j];
        }
        return sum;
    }

    /** Scales x[from, from + n) of squared norm {@code squared} down to norm {@code max} when it is longer. */
    private static void clip(float[] x, int from, int n, double squared, float max) {
        double norm = Math.sqrt(squared);
        if (norm > max) {
            float scale = (float) (max / norm);
            for (int j = from; j < from + n; j++) {
                x[j] *= scale;
            }
        }
    }

    private static void checkShapes(Cell cell, Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
            int[] lengths) {
        if (x.rank() != 3 || h0.rank() != 2) {
            throw new ShapeException("Recurrent " + cell + ": x " + Arrays.toString(x.shape()) + ", h0 " + Arrays.toString(h0.shape())
                    + "; expected [T, B, D] and [B, H]");
        }
        int steps = x.dim(0);
        int batch = x.dim(1);
        int hidden = h0.dim(1);
        int g = cell.gates() * hidden;
        boolean fits = steps >= 1 && h0.dim(0) == batch && Arrays.equals(wIh.shape(), new int[] {g, x.dim(2)})
                && Arrays.equals(wHh.shape(), new int[] {g, hidden}) && Arrays.equals(bIh.shape(), new int[] {g})
                && Arrays.equals(bHh.shape(), new int[] {g})
                && (cell == Cell.LSTM ? c0 != null && Arrays.equals(c0.shape(), h0.shape()) : c0 == null);
        if (!fits) {
            throw new ShapeException("Recurrent " + cell + ": x " + Arrays.toString(x.shape()) + ", h0 " + Arrays.toString(h0.shape())
                    + ", c0 " + (c0 == null ? "none" : Arrays.toString(c0.shape())) + ", W_ih " + Arrays.toString(wIh.shape())
                    + ", W_hh " + Arrays.toString(wHh.shape()) + ", b_ih " + Arrays.toString(bIh.shape()) + ", b_hh "
                    + Arrays.toString(bHh.shape()) + "; expected T >= 1, [T, B, D], [B, H], " + (cell == Cell.LSTM ? "[B, H]" : "none")
                    + ", [" + g + ", D], [" + g + ", H], [" + g + "], [" + g + "]");
        }
        if (lengths != null) {
            if (lengths.length != batch) {
                throw new ShapeException("Recurrent " + cell + ": " + lengths.length + " lengths for a batch of " + batch);
            }
            for (int b = 0; b < batch; b++) {
                if (lengths[b] < 1 || lengths[b] > steps) {
                    throw new IllegalArgumentException("Recurrent " + cell + ": example " + b + " has length " + lengths[b]
                            + "; expected 1 to " + steps);
                }
            }
        }
    }

    /** A tensor's values as one dense array (the tensor's own when it is contiguous from 0). */
    private static float[] dense(Tensor t) {
        return t.isContiguous() && t.offset() == 0 && t.data().length == t.size() ? t.data() : t.copy().data();
    }

    /** The matrix [rows, cols] at {@code offset} in {@code a}, transposed into a new [cols, rows]. */
    private static float[] transposed(float[] a, int offset, int rows, int cols) {
        float[] t = Workspace.scratch(rows * cols);
        transposeInto(a, offset, rows, cols, t, 0);
        return t;
    }

    /**
     * The matrix [rows, cols] at {@code offset} in {@code a}, transposed into {@code t} at
     * {@code tOffset}: by blocks of rows spread over the pool's threads when it is large (the
     * weights' transposes ran alone while the second thread waited, 10% of a 2-thread LSTM
     * inference pass). Each element is copied, so the cut does not matter.
     */
    private static void transposeInto(float[] a, int offset, int rows, int cols, float[] t, int tOffset) {
        ComputePool pool = ComputePool.current();
        int blocks = (rows + TRANSPOSE_BLOCK - 1) / TRANSPOSE_BLOCK;
        int parts = rows * cols < PARALLEL_TRANSPOSE_MIN ? 1 : Math.min(pool.threads(), blocks);
        int chunk = (blocks + parts - 1) / parts * TRANSPOSE_BLOCK;
        pool.parallelFor((rows + chunk - 1) / chunk, part -> transposeRows(a, offset, rows, cols, t, tOffset, part * chunk,
                Math.min(rows, (part + 1) * chunk)));
    }

    /**
     * Rows [from, to) of {@link #transposeInto}, by blocks of rows: each column of a block is
     * written as one short contiguous run while the block's rows stay in cache (a plain double
     * loop misses the cache on every write once a column is longer than the cache holds lines).
     */
    private static void transposeRows(float[] a, int offset, int rows, int cols, float[] t, int tOffset, int from, int to) {
        for (int r0 = from; r0 < to; r0 += TRANSPOSE_BLOCK) {
            int r1 = Math.min(to, r0 + TRANSPOSE_BLOCK);
            for (int c = 0; c < cols; c++) {
                int at = tOffset + c * rows;
                for (int r = r0; r < r1; r++) {
                    t[at + r] = a[offset + r * cols + c];
                }
            }
        }
    }

    private static void copy(Tensor source, float[] target, int offset) {
        float[] values = dense(source);
        System.arraycopy(values, 0, target, offset, values.length);
    }

    private static void fillRows(float[] target, int offset, int rows, float[] row, int length) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(row, 0, target, offset + r * length, length);
        }
    }
}
