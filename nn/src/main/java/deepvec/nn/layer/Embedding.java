package deepvec.nn.layer;

import deepvec.nn.autograd.ShapeOps;
import deepvec.nn.autograd.Variable;
import deepvec.simd.IntTensor;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;
import java.util.Map;

/**
 * A table of learned token vectors (Deep Learning section 12.4.2, the distributed
 * representations of a neural language model): token ids [N, ...] to their rows of the table
 * {@code weight} [V, E], giving [N, ..., E]; the gradient adds into the rows of the tokens seen.
 * Ids arrive as the float values of a dataset field (each an exact integer in [0, V)) or as an
 * {@link IntTensor} through {@link #lookup}. Initialised from N(0, 1), as PyTorch's
 * {@code nn.Embedding}, whose weights import under the same name.
 */
public final class Embedding implements Layer {

    private final Variable weight;
    private final boolean sparse;

    public Embedding(int vocabulary, int dimension, Rng rng) {
        this(vocabulary, dimension, false, rng);
    }

    /**
     * @param sparse give the table a row-sparse gradient (PyTorch's {@code sparse=True}): only the
     *     rows of the batch's tokens are touched, and {@link deepvec.nn.optim.Sgd} and
     *     {@link deepvec.nn.optim.Adam} update those rows alone
     */
    public Embedding(int vocabulary, int dimension, boolean sparse, Rng rng) {
        if (vocabulary < 1 || dimension < 1) {
            throw new IllegalArgumentException("embedding of " + vocabulary + " tokens in " + dimension + " dimensions; both must be >= 1");
        }
        this.weight = Variable.parameter(rng.normal(0f, 1f, vocabulary, dimension));
        this.sparse = sparse;
    }

    static Embedding fromConfig(LayerConfig c, Rng rng) {
        boolean sparse = c.settings().containsKey("sparse") && c.booleanSetting("sparse");      // optional: dense when absent
        return new Embedding(c.intSetting("vocabulary"), c.intSetting("dimension"), sparse, rng);
    }

    @Override
    public Variable forward(Variable input) {
        Tensor ids = input.value().contiguous();
        int[] values = new int[ids.size()];
        float[] data = ids.data();
        for (int i = 0; i < values.length; i++) {
            float v = data[ids.offset() + i];
            if (v != (int) v) {
                throw new IllegalArgumentException("embedding: input " + i + " is " + v + "; expected a token id in [0, " + vocabulary()
                        + ")");
            }
            values[i] = (int) v;        // lookup checks the range
        }
        return lookup(IntTensor.of(values, ids.shape()));
    }

    /** The vectors of token ids of any shape [...], giving [..., E]. */
    public Variable lookup(IntTensor ids) {
        for (int id : ids.data()) {
            if (id < 0 || id >= vocabulary()) {
                throw new IllegalArgumentException("embedding: token id " + id + " outside [0, " + vocabulary() + ") in ids of shape "
                        + Arrays.toString(ids.shape()));
            }
        }
        return ShapeOps.embedding(weight, ids, sparse);
    }

    /** The number of tokens V. */
    public int vocabulary() {
        return weight.value().dim(0);
    }

    /** The vector size E. */
    public int dimension() {
        return weight.value().dim(1);
    }

    @Override
    public LayerConfig config() {
        return sparse ? LayerConfig.of("embedding", "vocabulary", vocabulary(), "dimension", dimension(), "sparse", true)
                : LayerConfig.of("embedding", "vocabulary", vocabulary(), "dimension", dimension());
    }

    @Override
    public Map<String, Variable> localParameters() {
        return Map.of("weight", weight);
    }
}
