package deepvec.nn.seq2seq;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.ShapeOps;
import deepvec.nn.autograd.Variable;
import deepvec.nn.init.Initializers;
import deepvec.simd.IntTensor;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Additive (Bahdanau) attention, Deep Learning section 12.4.5.1 and figure 12.6: for a query
 * q_t (the decoder's state) and the encoder's feature vectors h_1..h_S, the scores
 * {@code e_tj = v^T tanh(W_q q_t + W_k h_j)} become weights {@code alpha_t = softmax(e_t)} over
 * the source's real steps (padding scores minus infinity), and the context is their average
 * {@code c_t = sum_j alpha_tj h_j}. Shapes: queries [N, T, H], keys [N, S, H], context
 * [N, T, H], weights [N, T, S].
 */
public final class AdditiveAttention {

    private static final float MASKED = -1e9f;

    private final Variable query;       // W_q^T, [H, A]
    private final Variable key;         // W_k^T, [H, A]
    private final Variable score;       // v, [A]

    AdditiveAttention(int hidden, int units, Rng rng) {
        this.query = Variable.parameter(Initializers.glorotUniform(rng, hidden, units));
        this.key = Variable.parameter(Initializers.glorotUniform(rng, hidden, units));
        this.score = Variable.parameter(rng.uniform(-1f / (float) Math.sqrt(units), 1f / (float) Math.sqrt(units), units));
    }

    /** The source side computed once per source: W_k h_j [N, S, A], the keys and their padding mask. */
    Keys keys(Variable encoderStates, int[] lengths) {
        Tensor states = encoderStates.value();
        int batch = states.dim(0);
        int steps = states.dim(1);
        int hidden = states.dim(2);
        Variable projected = ShapeOps.reshape(Ops.matmul(ShapeOps.reshape(encoderStates, batch * steps, hidden), key), batch, 1, steps,
                units());
        Tensor mask = Tensor.zeros(batch, 1, steps);
        for (int n = 0; n < batch; n++) {
            for (int j = lengths[n]; j < steps; j++) {
                mask.data()[n * steps + j] = MASKED;
            }
        }
        return new Keys(encoderStates, projected, Variable.constant(mask));
    }

    /** The context [N, T, H] and weights [N, T, S] for queries [N, T, H]. */
    Attended attend(Variable queries, Keys keys) {
        Tensor q = queries.value();
        int batch = q.dim(0);
        int steps = q.dim(1);
        int hidden = q.dim(2);
        int sourceSteps = keys.states().value().dim(1);
        Variable projected = ShapeOps.reshape(Ops.matmul(ShapeOps.reshape(queries, batch * steps, hidden), query), batch, steps, 1,
                units());
        Variable energies = Ops.sum(Ops.mul(Ops.tanh(Ops.add(projected, keys.projected())), score), 3, false);   // [N, T, S]
        Variable weights = Ops.softmax(Ops.add(energies, keys.mask()));
        Variable context = Ops.sum(Ops.mul(ShapeOps.reshape(weights, batch, steps, sourceSteps, 1),
                ShapeOps.reshape(keys.states(), batch, 1, sourceSteps, hidden)), 2, false);
        return new Attended(context, weights);
    }

    int units() {
        return score.value().dim(0);
    }

    Map<String, Variable> parameters() {
        Map<String, Variable> params = new LinkedHashMap<>();
        params.put("query", query);
        params.put("key", key);
        params.put("score", score);
        return params;
    }

    /** A source's states [N, S, H], their projections [N, 1, S, A] and the padding mask [N, 1, S]. */
    public record Keys(Variable states, Variable projected, Variable mask) {

        /** The keys of the sources {@code rows} (one per hypothesis of a beam). */
        Keys rows(IntTensor rows) {
            return new Keys(ShapeOps.indexSelect(states, 0, rows), ShapeOps.indexSelect(projected, 0, rows),
                    ShapeOps.indexSelect(mask, 0, rows));
        }
    }

    /** The attention's result: context [N, T, H] and weights [N, T, S]. */
    public record Attended(Variable context, Variable weights) {
    }
}
