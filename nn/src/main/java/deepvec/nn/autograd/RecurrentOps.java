package deepvec.nn.autograd;

import deepvec.simd.Recurrent;
import deepvec.simd.Tensor;

/**
 * A recurrent cell run over a whole sequence as one differentiable primitive: the forward pass and
 * back-propagation through time of {@link Recurrent} (fused GEMMs and cell kernels, no graph of
 * small per-step ops). The primitive's value packs the states h_1..h_T [T, B, H], and for the
 * LSTM the last cell c_T as one more row; {@link Sequence} hands them out as views whose
 * gradients meet in one backward pass.
 */
public final class RecurrentOps {

    private RecurrentOps() {
    }

    /**
     * The result of a sequence: every state, the last state, the LSTM's last cell, and where
     * the backward pass leaves the gradient norm per step.
     *
     * @param outputs h_1..h_T, [T, B, H] (past an example's length its last state repeats)
     * @param lastState h_T, [B, H]: each example's state after its last step
     * @param lastCell the LSTM's c_T, [B, H]; null for the other cells
     * @param gradientNorms filled by back-propagation with {@code ||dL/dh_t||}, t = 1..T
     */
    public record Sequence(Variable outputs, Variable lastState, Variable lastCell, GradientNorms gradientNorms) {
    }

    /** The norms of the gradients reaching h_1..h_T in the last backward pass through a sequence (section 10.7). */
    public static final class GradientNorms {
        private volatile double[] norms;

        /** The norms per step, or null before a backward pass. */
        public double[] values() {
            double[] n = norms;
            return n == null ? null : n.clone();
        }
    }

    /**
     * Runs {@code cell} over x [T, B, D] from h0 (and c0) [B, H] with weights in PyTorch's layout
     * ({@code W_ih} [G H, D], {@code W_hh} [G H, H], biases [G H]).
     *
     * @param c0 the LSTM's initial cell; null for the other cells
     * @param lengths each example's steps, or null for T each (see {@link Recurrent})
     */
    public static Sequence run(Recurrent.Cell cell, Variable x, Variable h0, Variable c0, Variable wIh, Variable wHh, Variable bIh,
            Variable bHh, int[] lengths) {
        return run(cell, x, h0, c0, wIh, wHh, bIh, bHh, lengths, 0f);
    }

    /**
     * As {@link #run(Recurrent.Cell, Variable, Variable, Variable, Variable, Variable, Variable, Variable, int[])},
     * clipping the gradient reaching each example's state at each step to norm {@code stepClip}
     * (0: off) during back-propagation (section 10.11.1).
     */
    public static Sequence run(Recurrent.Cell cell, Variable x, Variable h0, Variable c0, Variable wIh, Variable wHh, Variable bIh,
            Variable bHh, int[] lengths, float stepClip) {
        Tensor xv = x.value();
        boolean lstm = cell == Recurrent.Cell.LSTM;
        Variable[] inputs = lstm ? new Variable[] {x, h0, c0, wIh, wHh, bIh, bHh} : new Variable[] {x, h0, wIh, wHh, bIh, bHh};
        Recurrent.Trace trace = Recurrent.forward(cell, xv, h0.value(), c0 == null ? null : c0.value(), wIh.value(), wHh.value(),
                bIh.value(), bHh.value(), lengths, Variable.recorded(inputs));
        int steps = xv.dim(0);
        int batch = xv.dim(1);
        int hidden = h0.value().dim(1);
        Tensor packed = Tensor.zeros(lstm ? steps + 1 : steps, batch, hidden);
        Tensor states = trace.outputs().contiguous();
        System.arraycopy(states.data(), states.offset(), packed.data(), 0, steps * batch * hidden);
        if (lstm) {
            Tensor last = trace.lastCell().contiguous();
            System.arraycopy(last.data(), last.offset(), packed.data(), steps * batch * hidden, batch * hidden);
        }
        GradientNorms norms = new GradientNorms();
        Ops.Rule rule = (g, needed) -> {
            Recurrent.Gradients d = Recurrent.backward(trace, g.slice(0, 0, steps),
                    lstm ? g.slice(0, steps, steps + 1).reshape(batch, hidden) : null, stepClip, needed[0]);
            norms.norms = d.stateGradientNorms();
            return lstm ? new Tensor[] {d.x(), d.h0(), d.c0(), d.wIh(), d.wHh(), d.bIh(), d.bHh()}
                    : new Tensor[] {d.x(), d.h0(), d.wIh(), d.wHh(), d.bIh(), d.bHh()};
        };
        Variable all = Ops.primitive(cell.name().toLowerCase(), packed, rule, inputs);
        Variable outputs = lstm ? ShapeOps.slice(all, 0, 0, steps) : all;
        Variable lastState = ShapeOps.reshape(ShapeOps.slice(all, 0, steps - 1, steps), batch, hidden);
        Variable lastCell = lstm ? ShapeOps.reshape(ShapeOps.slice(all, 0, steps, steps + 1), batch, hidden) : null;
        return new Sequence(outputs, lastState, lastCell, norms);
    }
}
