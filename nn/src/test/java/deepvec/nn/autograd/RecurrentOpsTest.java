package deepvec.nn.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.simd.ComputePool;
import deepvec.simd.Recurrent;
import deepvec.simd.Recurrent.Cell;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fused sequence ops against finite differences, against the same cells unrolled into a
 * graph of small ops (PyTorch's formulas, step by step), and padded batches against the
 * sequences run one by one.
 */
class RecurrentOpsTest {

    private static final int T = 5;
    private static final int B = 3;
    private static final int D = 4;
    private static final int H = 6;

    /** x, h0, c0 (LSTM only), W_ih, W_hh, b_ih, b_hh at random. */
    private static Tensor[] point(Cell cell, long seed, int steps, int batch) {
        Rng rng = Rng.seeded(seed);
        int g = cell.gates() * H;
        List<Tensor> values = new ArrayList<>(List.of(rng.uniform(-1f, 1f, steps, batch, D), rng.uniform(-0.5f, 0.5f, batch, H)));
        if (cell == Cell.LSTM) {
            values.add(rng.uniform(-0.5f, 0.5f, batch, H));
        }
        values.addAll(List.of(rng.uniform(-0.6f, 0.6f, g, D), rng.uniform(-0.6f, 0.6f, g, H), rng.uniform(-0.3f, 0.3f, g),
                rng.uniform(-0.3f, 0.3f, g)));
        return values.toArray(Tensor[]::new);
    }

    /** The fused op's states and (for the LSTM) last cell, stacked: [T (+1), B, H]. */
    private static Variable fused(Cell cell, Variable[] v, int[] lengths) {
        RecurrentOps.Sequence s = sequence(cell, v, lengths);
        return cell == Cell.LSTM ? ShapeOps.concat(0, s.outputs(), ShapeOps.reshape(s.lastCell(), 1, B, H)) : s.outputs();
    }

    /** The fused op on the values of {@link #point} as variables. */
    private static RecurrentOps.Sequence sequence(Cell cell, Variable[] v, int[] lengths) {
        boolean lstm = cell == Cell.LSTM;
        int w = lstm ? 3 : 2;
        return RecurrentOps.run(cell, v[0], v[1], lstm ? v[2] : null, v[w], v[w + 1], v[w + 2], v[w + 3], lengths);
    }

    /** The same cell unrolled from small ops, in PyTorch's formulas. */
    private static Variable unrolled(Cell cell, Variable[] v) {
        boolean lstm = cell == Cell.LSTM;
        int w = lstm ? 3 : 2;
        Variable wIh = ShapeOps.transpose(v[w], 0, 1);
        Variable wHh = ShapeOps.transpose(v[w + 1], 0, 1);
        Variable h = v[1];
        Variable c = lstm ? v[2] : null;
        List<Variable> states = new ArrayList<>();
        for (int t = 0; t < T; t++) {
            Variable xt = ShapeOps.reshape(ShapeOps.slice(v[0], 0, t, t + 1), B, D);
            Variable xp = Ops.add(Ops.matmul(xt, wIh), v[w + 2]);
            Variable hp = Ops.add(Ops.matmul(h, wHh), v[w + 3]);
            switch (cell) {
                case TANH -> h = Ops.tanh(Ops.add(xp, hp));
                case LSTM -> {
                    Variable a = Ops.add(xp, hp);
                    Variable i = Ops.sigmoid(gate(a, 0));
                    Variable f = Ops.sigmoid(gate(a, 1));
                    Variable g = Ops.tanh(gate(a, 2));
                    Variable o = Ops.sigmoid(gate(a, 3));
                    c = Ops.add(Ops.mul(f, c), Ops.mul(i, g));
                    h = Ops.mul(o, Ops.tanh(c));
                }
                case GRU -> {
                    Variable r = Ops.sigmoid(Ops.add(gate(xp, 0), gate(hp, 0)));
                    Variable z = Ops.sigmoid(Ops.add(gate(xp, 1), gate(hp, 1)));
                    Variable n = Ops.tanh(Ops.add(gate(xp, 2), Ops.mul(r, gate(hp, 2))));
                    h = Ops.add(Ops.mul(Ops.sub(Variable.constant(Tensor.full(1f, B, H)), z), n), Ops.mul(z, h));
                }
            }
            states.add(ShapeOps.reshape(h, 1, B, H));
        }
        if (lstm) {
            states.add(ShapeOps.reshape(c, 1, B, H));
        }
        return ShapeOps.concat(0, states.toArray(Variable[]::new));
    }

    private static Variable gate(Variable a, int k) {
        return ShapeOps.slice(a, 1, k * H, (k + 1) * H);
    }

    @Test
    void backPropagationThroughTimeMatchesFiniteDifferences() {
        for (Cell cell : Cell.values()) {
            GradCheck.Result r = GradCheck.check(v -> fused(cell, v, null), 1e-3, point(cell, 1, T, B));
            assertTrue(r.maxError() < 2e-2, cell + ": " + r);
        }
    }

    @Test
    void theFusedOpEqualsTheCellUnrolledIntoSmallOps() {
        for (Cell cell : Cell.values()) {
            Tensor[] p = point(cell, 2, T, B);
            Tensor weights = Rng.seeded(3).uniform(-1f, 1f, cell == Cell.LSTM ? T + 1 : T, B, H);
            List<Tensor[]> results = new ArrayList<>();
            for (boolean fusedOp : new boolean[] {true, false}) {
                Variable[] v = new Variable[p.length];
                for (int i = 0; i < p.length; i++) {
                    v[i] = Variable.parameter(p[i].copy());
                }
                Variable out = fusedOp ? fused(cell, v, null) : unrolled(cell, v);
                Ops.sum(Ops.mul(out, Variable.constant(weights))).backward();
                Tensor[] r = new Tensor[p.length + 1];
                r[0] = out.value();
                for (int i = 0; i < p.length; i++) {
                    r[i + 1] = v[i].grad();
                }
                results.add(r);
            }
            for (int i = 0; i < results.get(0).length; i++) {
                assertArrayEquals(results.get(1)[i].toArray(), results.get(0)[i].toArray(), 2e-5f, cell + " result " + i
                        + " (0: states, then the gradients of each input)");
            }
        }
    }

    /** A padded batch of sequences of lengths 5, 2, 4: the same states and gradients as the three run alone. */
    @Test
    void aPaddedBatchEqualsItsSequencesRunOneByOne() {
        int[] lengths = {5, 2, 4};
        for (Cell cell : Cell.values()) {
            Tensor[] p = point(cell, 4, T, B);
            boolean lstm = cell == Cell.LSTM;
            int w = lstm ? 3 : 2;
            Tensor outputWeights = Rng.seeded(5).uniform(-1f, 1f, T, B, H);
            Tensor lastWeights = Rng.seeded(6).uniform(-1f, 1f, B, H);
            Variable[] batch = parameters(p);
            RecurrentOps.Sequence s = RecurrentOps.run(cell, batch[0], batch[1], lstm ? batch[2] : null, batch[w], batch[w + 1],
                    batch[w + 2], batch[w + 3], lengths);
            Tensor mask = Tensor.zeros(T, B, H);
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    for (int j = 0; j < H; j++) {
                        mask.set(t < lengths[b] ? 1f : 0f, t, b, j);
                    }
                }
            }
            Variable loss = Ops.add(Ops.sum(Ops.mul(s.outputs(), Variable.constant(deepvec.simd.Elementwise.mul(outputWeights, mask)))),
                    Ops.sum(Ops.mul(s.lastState(), Variable.constant(lastWeights))));
            loss.backward();
            float lossAlone = 0;
            Tensor[] weightGradients = new Tensor[4];
            for (int b = 0; b < B; b++) {
                int steps = lengths[b];
                Variable[] one = parameters(p);
                one[0] = Variable.parameter(p[0].slice(0, 0, steps).slice(1, b, b + 1).copy());
                one[1] = Variable.parameter(p[1].slice(0, b, b + 1).copy());
                if (lstm) {
                    one[2] = Variable.parameter(p[2].slice(0, b, b + 1).copy());
                }
                RecurrentOps.Sequence alone = RecurrentOps.run(cell, one[0], one[1], lstm ? one[2] : null, one[w], one[w + 1],
                        one[w + 2], one[w + 3], null);
                Variable l = Ops.add(Ops.sum(Ops.mul(alone.outputs(), Variable.constant(outputWeights.slice(0, 0, steps)
                        .slice(1, b, b + 1).copy()))), Ops.sum(Ops.mul(alone.lastState(), Variable.constant(lastWeights.slice(0, b, b + 1)
                        .copy()))));
                l.backward();
                lossAlone += l.value().get(0);
                assertArrayEquals(alone.lastState().value().toArray(), s.lastState().value().slice(0, b, b + 1).toArray(), 1e-6f,
                        cell + ": last state of example " + b);
                assertArrayEquals(one[0].grad().toArray(), batch[0].grad().slice(0, 0, steps).slice(1, b, b + 1).toArray(), 1e-5f,
                        cell + ": input gradient of example " + b);
                assertArrayEquals(new float[(T - steps) * D], steps == T ? new float[0]
                        : batch[0].grad().slice(0, steps, T).slice(1, b, b + 1).toArray(), 0f, "no gradient reaches padding");
                for (int k = 0; k < 4; k++) {
                    Tensor g = one[w + k].grad();
                    weightGradients[k] = weightGradients[k] == null ? g : deepvec.simd.Elementwise.add(weightGradients[k], g);
                }
            }
            assertEquals(lossAlone, loss.value().get(0), 1e-4f, cell + " loss");
            for (int k = 0; k < 4; k++) {
                assertArrayEquals(weightGradients[k].toArray(), batch[w + k].grad().toArray(), 1e-4f, cell + " weight gradient " + k);
            }
        }
    }

    /**
     * ||dL/dh_t|| per step, against the gradient of a run restarted at step t from h_t as its
     * initial state, which is dL/dh_t by definition.
     */
    @Test
    void theGradientNormPerStepIsReported() {
        for (Cell cell : Cell.values()) {
            boolean lstm = cell == Cell.LSTM;
            int w = lstm ? 3 : 2;
            Tensor[] p = point(cell, 9, T, B);
            Variable[] v = parameters(p);
            RecurrentOps.Sequence s = RecurrentOps.run(cell, v[0], v[1], lstm ? v[2] : null, v[w], v[w + 1], v[w + 2], v[w + 3], null);
            Ops.sum(s.lastState()).backward();                  // the loss reads the last state only
            double[] norms = s.gradientNorms().values();
            assertEquals(T, norms.length);
            assertEquals(Math.sqrt(B * H), norms[T - 1], 1e-6, cell + ": dL/dh_T is all ones");
            if (lstm) {
                continue;       // restarting an LSTM needs its cell state too, which the gradient of h alone does not see
            }
            for (int t = 0; t < T - 1; t++) {
                Variable[] u = parameters(p);
                Variable ht = Variable.parameter(s.outputs().value().slice(0, t, t + 1).reshape(B, H).copy());
                Variable rest = Variable.constant(p[0].slice(0, t + 1, T).copy());
                Ops.sum(RecurrentOps.run(cell, rest, ht, null, u[w], u[w + 1], u[w + 2], u[w + 3], null).lastState()).backward();
                double expected = Math.sqrt(deepvec.simd.Reduce.sumOfSquares(ht.grad()));
                assertEquals(expected, norms[t], 1e-5 * (1 + expected), cell + " step " + (t + 1));
            }
        }
    }

    /** One step: clipping dL/dh_1 per example equals rescaling that example's output weights to the clipping norm. */
    @Test
    void clippingPerStepScalesEachExamplesStateGradient() {
        for (Cell cell : Cell.values()) {
            boolean lstm = cell == Cell.LSTM;
            int w = lstm ? 3 : 2;
            Tensor[] p = point(cell, 11, 1, B);
            Tensor weights = Rng.seeded(12).uniform(-2f, 2f, 1, B, H);
            float clip = 0.3f;
            Tensor rescaled = weights.copy();
            for (int b = 0; b < B; b++) {
                double norm = 0;
                for (int j = 0; j < H; j++) {
                    norm += weights.get(0, b, j) * weights.get(0, b, j);
                }
                for (int j = 0; j < H; j++) {
                    rescaled.set((float) (weights.get(0, b, j) * clip / Math.sqrt(norm)), 0, b, j);
                }
            }
            List<Tensor[]> grads = new ArrayList<>();
            for (boolean clipped : new boolean[] {true, false}) {
                Variable[] v = parameters(p);
                RecurrentOps.Sequence s = RecurrentOps.run(cell, v[0], v[1], lstm ? v[2] : null, v[w], v[w + 1], v[w + 2], v[w + 3], null,
                        clipped ? clip : 0f);
                Ops.sum(Ops.mul(s.outputs(), Variable.constant(clipped ? weights : rescaled))).backward();
                grads.add(new Tensor[] {v[0].grad(), v[w].grad(), v[w + 1].grad(), v[w + 2].grad()});
            }
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(grads.get(1)[i].toArray(), grads.get(0)[i].toArray(), 1e-5f, cell + " gradient " + i);
            }
        }
    }

    @Test
    void inferenceWithoutGradientsGivesTheRecordedRunsStatesBitForBit() {
        for (Cell cell : Cell.values()) {
            Tensor[] p = point(cell, 11, 9, 70);      // at 2 threads, the per-step gate buffer is shared by two blocks of rows
            RecurrentOps.Sequence recorded = sequence(cell, parameters(p), null);
            assertTrue(recorded.outputs().requiresGrad(), cell + ": recorded with gradients on");
            for (int threads : new int[] {1, 2}) {
                try (ComputePool pool = ComputePool.ofThreads(threads)) {
                    RecurrentOps.Sequence inferred = pool.call(() -> Autograd.noGrad(() -> sequence(cell, parameters(p), null)));
                    assertTrue(!inferred.outputs().requiresGrad(), cell + ": nothing recorded under noGrad");
                    String where = cell + " at " + threads + " thread(s)";
                    assertArrayEquals(recorded.outputs().value().toArray(), inferred.outputs().value().toArray(), 0f, where);
                    if (cell == Cell.LSTM) {
                        assertArrayEquals(recorded.lastCell().value().toArray(), inferred.lastCell().value().toArray(), 0f, where);
                    }
                }
            }
        }
        Tensor[] p = point(Cell.LSTM, 12, 9, 4);
        Recurrent.Trace inference = Recurrent.forward(Cell.LSTM, p[0], p[1], p[2], p[3], p[4], p[5], p[6], null, false);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Recurrent.backward(inference, Tensor.zeros(9, 4, H), null, 0f, false));
        assertTrue(e.getMessage().contains("forBackward"), e.getMessage());
    }

    /** The Elman and LSTM backward passes write the gate gradients over the gates: a second one is refused, the GRU's is not. */
    @Test
    void aSecondBackwardThroughTheSameTraceIsRefusedWhereTheGatesWereOverwritten() {
        for (Cell cell : Cell.values()) {
            Tensor[] p = point(cell, 13, 5, 3);
            boolean lstm = cell == Cell.LSTM;
            int w = lstm ? 3 : 2;
            Recurrent.Trace trace = Recurrent.forward(cell, p[0], p[1], lstm ? p[2] : null, p[w], p[w + 1], p[w + 2], p[w + 3], null, true);
            Tensor dOut = Tensor.full(1f, 5, 3, H);
            float[] first = Recurrent.backward(trace, dOut, null, 0f, true).wHh().toArray();
            if (cell == Cell.GRU) {
                assertArrayEquals(first, Recurrent.backward(trace, dOut, null, 0f, true).wHh().toArray(), 0f, "the GRU's trace is kept");
                continue;
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Recurrent.backward(trace, dOut, null, 0f, true));
            assertTrue(e.getMessage().contains("back-propagated already"), cell + ": " + e.getMessage());
        }
    }

    @Test
    void resultsAreBitIdenticalAtOneAndTwoThreads() {
        for (Cell cell : Cell.values()) {
            Tensor[] p = point(cell, 7, 9, 70);      // one block of 70 rows on one thread, two (36, 34) on two
            List<float[]> runs = new ArrayList<>();
            List<double[]> norms = new ArrayList<>();
            for (int threads : new int[] {1, 2}) {
                try (ComputePool pool = ComputePool.ofThreads(threads)) {
                    runs.add(pool.call(() -> {
                        Variable[] v = parameters(p);
                        Variable x = v[0];
                        boolean lstm = cell == Cell.LSTM;
                        int w = lstm ? 3 : 2;
                        RecurrentOps.Sequence s = RecurrentOps.run(cell, x, v[1], lstm ? v[2] : null, v[w], v[w + 1], v[w + 2], v[w + 3],
                                null);
                        Ops.sum(Ops.square(s.outputs())).backward();
                        norms.add(s.gradientNorms().values());
                        float[] all = new float[s.outputs().value().size() + v[w + 1].grad().size() + x.grad().size()];
                        System.arraycopy(s.outputs().value().toArray(), 0, all, 0, s.outputs().value().size());
                        System.arraycopy(v[w + 1].grad().toArray(), 0, all, s.outputs().value().size(), v[w + 1].grad().size());
                        System.arraycopy(x.grad().toArray(), 0, all, all.length - x.grad().size(), x.grad().size());
                        return all;
                    }));
                }
            }
            assertArrayEquals(runs.get(0), runs.get(1), 0f, cell + ": 1 and 2 threads");
            assertArrayEquals(norms.get(0), norms.get(1), 0.0, cell + ": gradient norms per step at 1 and 2 threads");
        }
    }

    @Test
    void shapesThatDoNotFitAreNamed() {
        Tensor[] p = point(Cell.GRU, 8, T, B);
        ShapeException e = assertThrows(ShapeException.class, () -> RecurrentOps.run(Cell.LSTM, Variable.constant(p[0]),
                Variable.constant(p[1]), Variable.constant(p[1]), Variable.constant(p[2]), Variable.constant(p[3]),
                Variable.constant(p[4]), Variable.constant(p[5]), null));
        assertTrue(e.getMessage().contains("[24, D]"), e.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class, () -> RecurrentOps.run(Cell.GRU,
                Variable.constant(p[0]), Variable.constant(p[1]), null, Variable.constant(p[2]), Variable.constant(p[3]),
                Variable.constant(p[4]), Variable.constant(p[5]), new int[] {1, 6, 2}));
        assertTrue(length.getMessage().contains("example 1 has length 6"), length.getMessage());
    }

    private static Variable[] parameters(Tensor[] p) {
        Variable[] v = new Variable[p.length];
        for (int i = 0; i < p.length; i++) {
            v[i] = Variable.parameter(p[i].copy());
        }
        return v;
    }
}
