package deepvec.nn.zoo;

import deepvec.nn.layer.Activation;
import deepvec.nn.layer.Dropout;
import deepvec.nn.layer.Embedding;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.RecurrentLayer;
import deepvec.nn.layer.Reshape;
import deepvec.nn.layer.Sequential;
import deepvec.simd.Recurrent;
import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Neural language models (Deep Learning section 12.4.2), trained with
 * {@code Objective.classification(V)} on {@link deepvec.nn.text.LanguageModelData}: the loss is
 * the mean negative log-likelihood per token in nats, its exponent the perplexity.
 */
public final class LanguageModels {

    private LanguageModels() {
    }

    /**
     * A recurrent model: token ids [N, T] -> embedding [N, T, E] -> cell over the steps [N, T, H]
     * -> every step's logits over the V tokens [N T, V], each predicting the token after its input.
     */
    public static Sequential recurrent(Recurrent.Cell cell, int vocabulary, int embedding, int hidden, long seed) {
        return recurrent(cell, vocabulary, embedding, hidden, 0f, seed);
    }

    /**
     * The recurrent model with dropout of probability {@code dropout} on its non-recurrent
     * connections, the embeddings going in and the states going out (Zaremba et al. 2014; the
     * recurrence itself is left alone); 0 adds no dropout layer.
     */
    public static Sequential recurrent(Recurrent.Cell cell, int vocabulary, int embedding, int hidden, float dropout, long seed) {
        Rng rng = Rng.seeded(seed);
        List<Layer> layers = new ArrayList<>();
        layers.add(new Embedding(vocabulary, embedding, rng));
        if (dropout > 0) {
            layers.add(new Dropout(dropout, rng.fork(1).nextLong()));
        }
        layers.add(new RecurrentLayer(cell, embedding, hidden, true, rng));
        layers.add(Reshape.toRows(hidden));
        if (dropout > 0) {
            layers.add(new Dropout(dropout, rng.fork(2).nextLong()));
        }
        layers.add(new Linear(hidden, vocabulary, rng));
        return new Sequential(layers);
    }

    /**
     * Bengio et al.'s feed-forward model: the n - 1 previous ids [N, n - 1] -> their embeddings
     * concatenated [N, (n - 1) E] -> tanh hidden layer [N, H] -> logits over the V tokens [N, V].
     */
    public static Sequential feedForward(int vocabulary, int context, int embedding, int hidden, long seed) {
        Rng rng = Rng.seeded(seed);
        return new Sequential(new Embedding(vocabulary, embedding, rng), Reshape.flatten(), new Linear(context * embedding, hidden, rng),
                Activation.tanh(), new Linear(hidden, vocabulary, rng));
    }
}
