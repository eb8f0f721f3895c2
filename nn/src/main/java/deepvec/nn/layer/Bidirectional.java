package deepvec.nn.layer;

import deepvec.nn.autograd.ShapeOps;
import deepvec.nn.autograd.Variable;
import deepvec.simd.IntTensor;
import deepvec.simd.Recurrent;
import deepvec.simd.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bidirectional recurrent layer (Deep Learning section 10.3, figure 10.11): one cell reads each
 * sequence forwards, another reads it backwards (each example reversed within its own length),
 * and their states at each step are concatenated, [N, T, 2H]; or, many-to-one, the forward
 * cell's last state beside the backward cell's state after reading the whole sequence back to
 * its first step, [N, 2H]. Parameters are those of the two cells under {@code forward.} and
 * {@code backward.} (PyTorch's {@code *_reverse} weights).
 */
public final class Bidirectional implements Layer {

    private final RecurrentLayer forwards;
    private final RecurrentLayer backwards;
    private final boolean returnSequence;

    public Bidirectional(Recurrent.Cell cell, int in, int hidden, boolean returnSequence, Rng rng) {
        this.forwards = new RecurrentLayer(cell, in, hidden, true, rng);
        this.backwards = new RecurrentLayer(cell, in, hidden, true, rng);
        this.returnSequence = returnSequence;
    }

    static Bidirectional fromConfig(LayerConfig c, Rng rng) {
        Recurrent.Cell cell = switch (c.intSetting("gates")) {
            case 1 -> Recurrent.Cell.TANH;
            case 3 -> Recurrent.Cell.GRU;
            case 4 -> Recurrent.Cell.LSTM;
            default -> throw new InvalidModelException("bidirectional: 'gates' is " + c.intSetting("gates")
                    + "; expected 1 (rnn), 3 (gru) or 4 (lstm)");
        };
        return new Bidirectional(cell, c.intSetting("in"), c.intSetting("hidden"), c.booleanSetting("sequence"), rng);
    }

    /** Both cells' parameters. */
    static long stateElements(LayerConfig c) {
        int gates = c.intSetting("gates");
        if (gates != 1 && gates != 3 && gates != 4) {
            throw new InvalidModelException("bidirectional: 'gates' is " + gates + "; expected 1, 3 or 4");
        }
        long hidden = BuiltInLayers.positive(c, "hidden");
        return Math.multiplyExact(2L * gates, Math.multiplyExact(hidden, Math.addExact(BuiltInLayers.positive(c, "in"), hidden + 2)));
    }

    @Override
    public Variable forward(Variable input) {
        return forward(input, null);
    }

    /** Padded sequences [N, T, D], example n of length {@code lengths[n]} (null: all T). */
    public Variable forward(Variable input, int[] lengths) {
        int batch = input.value().dim(0);
        int steps = input.value().dim(1);
        IntTensor reversal = reversal(batch, steps, lengths);
        Variable ahead = forwards.run(input, null, lengths).outputs();      // never carried: the backward half reads the future
        Variable back = reverse(backwards.run(reverse(input, reversal), null, lengths).outputs(), reversal);
        if (returnSequence) {
            return ShapeOps.concat(2, ahead, back);
        }
        int hidden = forwards.hidden();
        Variable last = ShapeOps.reshape(ShapeOps.slice(ahead, 1, steps - 1, steps), batch, hidden);   // carried past each length
        Variable first = ShapeOps.reshape(ShapeOps.slice(back, 1, 0, 1), batch, hidden);
        return ShapeOps.concat(1, last, first);
    }

    /** For each (n, t) of [N, T] the row that step t of the reversed example n reads. */
    private static IntTensor reversal(int batch, int steps, int[] lengths) {
        int[] index = new int[batch * steps];
        for (int n = 0; n < batch; n++) {
            int length = lengths == null ? steps : lengths[n];
            for (int t = 0; t < steps; t++) {
                index[n * steps + t] = n * steps + (t < length ? length - 1 - t : t);
            }
        }
        return IntTensor.vector(index);
    }

    private static Variable reverse(Variable x, IntTensor reversal) {
        int[] shape = x.value().shape();
        Variable rows = ShapeOps.reshape(x, shape[0] * shape[1], shape[2]);
        return ShapeOps.reshape(ShapeOps.indexSelect(rows, 0, reversal), shape);
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("bidirectional", "gates", forwards.cell().gates(), "in", forwards.inputs(), "hidden", forwards.hidden(),
                "sequence", returnSequence);
    }

    @Override
    public Map<String, Layer> children() {
        Map<String, Layer> children = new LinkedHashMap<>();
        children.put("forward", forwards);
        children.put("backward", backwards);
        return children;
    }
}
