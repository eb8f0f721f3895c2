package deepvec.nn.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.data.Dataset;
import deepvec.nn.layer.Sequential;
import deepvec.nn.optim.Adam;
import deepvec.nn.train.EpochMetrics;
import deepvec.nn.train.Objective;
import deepvec.nn.train.SupervisedTask;
import deepvec.nn.train.Trainer;
import deepvec.nn.zoo.LanguageModels;
import deepvec.simd.Recurrent;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Neural language models on text made here: their examples, learning, and sampling. */
class NeuralLanguageModelTest {

    /** A counting rhyme whose next character depends on the whole word so far. */
    private static final String RHYME = "one two three four five six seven eight nine ten";

    @Test
    void chunksAndWindowsHoldEachInputWithTheIdAfterIt() {
        List<int[]> sequences = List.of(new int[] {5, 6, 1}, new int[] {7, 1});
        Dataset chunks = LanguageModelData.chunks(sequences, 2);
        assertArrayEquals(new float[] {5, 6, 1, 7}, chunks.features().toArray());
        assertArrayEquals(new int[] {6, 1, 7, 1}, chunks.labels());
        Dataset windows = LanguageModelData.windows(sequences, 2);
        assertArrayEquals(new float[] {1, 1, 1, 5, 5, 6, 6, 1, 1, 7}, windows.features().toArray());
        assertArrayEquals(new int[] {5, 6, 1, 7, 1}, windows.labels());
        assertThrows(IllegalArgumentException.class, () -> LanguageModelData.chunks(sequences, 9));
    }

    /**
     * Counting rhymes whose next character depends on the whole word so far: an LSTM language model
     * drives its perplexity far below the unigram one, and greedy sampling recites the text.
     */
    @Test
    void aRecurrentModelLearnsTextAndRecitesIt() throws IOException {
        Vocabulary v = Vocabulary.build(List.of(Tokenizer.characters().tokens(RHYME)), 1);
        List<int[]> ids = Collections.nCopies(40, v.encode(Tokenizer.characters().tokens(RHYME)));
        Dataset data = LanguageModelData.chunks(ids, 24);
        Sequential model = LanguageModels.recurrent(Recurrent.Cell.LSTM, v.size(), 16, 48, 3);
        List<EpochMetrics> history = Trainer.builder(SupervisedTask.of(model, new Adam(model.namedParameters(), 1e-2f),
                Objective.classification(v.size()))).epochs(30).batchSize(16).seed(1).build().fit(data, data);
        double perplexity = Math.exp(history.getLast().get("validation.loss"));
        double unigram = NGramModel.fit(ids, 1, v.size(), NGramModel.Smoothing.ADD_K, 0.01).perplexity(ids);
        assertTrue(perplexity < 1.5 && unigram > 10, "LSTM perplexity " + perplexity + ", unigram " + unigram);
        double accuracy = history.getLast().get("validation.accuracy");
        assertTrue(accuracy > 0.9 && accuracy <= 1, "the fraction of next characters predicted: " + accuracy);
        int[] prefix = v.encode(Tokenizer.characters().tokens("one two th"));
        int[] start = java.util.Arrays.copyOf(prefix, prefix.length - 1);
        for (TextSampler sampler : List.of(TextSampler.windowed(model, 24), TextSampler.carryingState(model))) {
            int[] text = sampler.sample(start, 12, 0, Rng.seeded(1), id -> { });
            assertEquals("ree four fiv", Tokenizer.characters().join(v.decode(text)));
        }
    }

    /**
     * Bengio et al.'s model with a context of 4 characters on the rhymes: its perplexity matches
     * that of the 5-gram model counted on the same text, which is what a window of 4 can reach.
     */
    @Test
    void theFeedForwardModelLearnsWhatItsWindowCanSee() throws IOException {
        Vocabulary v = Vocabulary.build(List.of(Tokenizer.characters().tokens(RHYME)), 1);
        List<int[]> ids = Collections.nCopies(30, v.encode(Tokenizer.characters().tokens(RHYME)));
        Dataset windows = LanguageModelData.windows(ids, 4);
        Sequential model = LanguageModels.feedForward(v.size(), 4, 8, 64, 2);
        List<EpochMetrics> history = Trainer.builder(SupervisedTask.of(model, new Adam(model.namedParameters(), 1e-2f),
                Objective.classification(v.size()))).epochs(15).batchSize(64).seed(1).build().fit(windows, windows);
        double neural = Math.exp(history.getLast().get("validation.loss"));
        double fiveGram = NGramModel.fit(ids, 5, v.size(), NGramModel.Smoothing.MAXIMUM_LIKELIHOOD, 0).perplexity(ids);
        double unigram = NGramModel.fit(ids, 1, v.size(), NGramModel.Smoothing.ADD_K, 0.01).perplexity(ids);
        assertTrue(neural < 1.1 * fiveGram && unigram > 10, "feed-forward " + neural + ", 5-gram " + fiveGram + ", unigram " + unigram);
    }

    @Test
    void dropoutSitsOnTheNonRecurrentConnectionsOnly() {
        Sequential plain = LanguageModels.recurrent(Recurrent.Cell.LSTM, 9, 4, 6, 3);
        Sequential dropped = LanguageModels.recurrent(Recurrent.Cell.LSTM, 9, 4, 6, 0.3f, 3);
        assertEquals(List.of("embedding", "dropout", "lstm", "to_rows", "dropout", "linear"),
                dropped.layers().stream().map(l -> l.config().type()).toList());
        Tensor ids = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(plain.predict(ids).toArray(), dropped.predict(ids).toArray(), "the same weights; no dropout in evaluation");
    }

    @Test
    void theFeedForwardModelReadsAWindowAndSamplingIsSeeded() {
        Sequential model = LanguageModels.feedForward(9, 3, 4, 8, 1);
        Tensor logits = model.predict(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertArrayEquals(new int[] {2, 9}, logits.shape());
        TextSampler sampler = TextSampler.windowed(model, 3);
        assertArrayEquals(sampler.sample(new int[] {2}, 20, 1.0, Rng.seeded(5), id -> { }),
                sampler.sample(new int[] {2}, 20, 1.0, Rng.seeded(5), id -> { }));
        assertThrows(IllegalArgumentException.class, () -> model.predict(Tensor.of(new float[] {1, 2, 9.5f}, 1, 3)));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(new int[0], 3, -1, Rng.seeded(1), id -> { }));
    }
}
