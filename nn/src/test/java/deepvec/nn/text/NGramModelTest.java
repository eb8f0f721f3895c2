package deepvec.nn.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.checkpoint.StoredTensor;
import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tokens, vocabularies and n-gram models against hand counts, enumeration over the vocabulary and a direct bigram Kneser-Ney. */
class NGramModelTest {

    private static final List<String> TEXT = List.of("the cat sat on the mat.", "the dog sat on the log!", "a cat and a dog.",
            "the cat saw the dog on the mat.");

    private static List<int[]> encode(Vocabulary v, Tokenizer t, List<String> docs) {
        return docs.stream().map(d -> v.encode(t.tokens(d))).toList();
    }

    @Test
    void tokenizersCutCharactersAndWords() {
        assertEquals(List.of("D", "o", "n", "'", "t", " ", "😀"), Tokenizer.characters().tokens("Don't 😀"));
        assertEquals("Don't 😀", Tokenizer.characters().join(Tokenizer.characters().tokens("Don't 😀")));
        assertEquals(List.of("don't", "panic", ",", "arthur", "4", "2", "!"), Tokenizer.words().tokens("Don't PANIC, Arthur 4 2!"));
    }

    @Test
    void aVocabularyOrdersByFrequencyCutsRareTokensAndRoundTripsThroughItsState() {
        List<List<String>> docs = TEXT.stream().map(Tokenizer.words()::tokens).toList();
        Vocabulary v = Vocabulary.build(docs, 2);
        assertEquals(List.of("<unk>", "<eos>", "the", ".", "cat", "dog", "on", "a", "mat", "sat"), v.tokens(), "7, then 3 each, then 2 each");
        assertArrayEquals(new int[] {2, 4, 0, 1}, v.encode(List.of("the", "cat", "zebra")));
        assertEquals(List.of("the", "<unk>", "<eos>"), v.decode(new int[] {2, 0, 1}));
        Vocabulary other = Vocabulary.build(List.of(List.of("x")), 1);
        Map<String, StoredTensor> state = v.saveState();
        other.prepareRestore(state).run();
        assertEquals(v.tokens(), other.tokens());
        Map<String, StoredTensor> bad = new HashMap<>(state);
        bad.remove("offsets");
        assertThrows(IllegalArgumentException.class, () -> other.prepareRestore(bad));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(docs, 0));
    }

    @Test
    void maximumLikelihoodIsTheRatioOfCounts() {
        Vocabulary v = Vocabulary.build(TEXT.stream().map(Tokenizer.words()::tokens).toList(), 1);
        NGramModel bigram = NGramModel.fit(encode(v, Tokenizer.words(), TEXT), 2, v.size(), NGramModel.Smoothing.MAXIMUM_LIKELIHOOD, 0);
        // "the" is followed by cat, mat, dog, log, cat, dog, mat: 7 times, "cat" twice
        assertEquals(2.0 / 7, bigram.probability(new int[] {v.id("the")}, v.id("cat")), 1e-12);
        assertEquals(3.0 / 4, bigram.probability(new int[0], v.id("the")), 1e-12, "3 of the 4 documents start with 'the'");
        assertEquals(0, bigram.probability(new int[] {v.id("the")}, v.id("sat")));
        assertEquals(Double.POSITIVE_INFINITY, bigram.perplexity(encode(v, Tokenizer.words(), List.of("the sat"))));
    }

    @Test
    void everyEstimatorIsADistributionForEveryContext() {
        Vocabulary v = Vocabulary.build(TEXT.stream().map(Tokenizer.words()::tokens).toList(), 1);
        List<int[]> data = encode(v, Tokenizer.words(), TEXT);
        for (NGramModel.Smoothing s : NGramModel.Smoothing.values()) {
            for (int order = 1; order <= 3; order++) {
                NGramModel m = NGramModel.fit(data, order, v.size(), s, s == NGramModel.Smoothing.ADD_K ? 0.1 : 0.7);
                for (int a = 0; a < v.size(); a++) {
                    for (int b = 0; b < v.size(); b += 3) {
                        int[] context = {a, b};
                        double total = 0;
                        for (int w = 0; w < v.size(); w++) {
                            total += m.probability(context, w);
                        }
                        boolean seen = m.probability(context, Vocabulary.END_ID) > 0 || total > 0;
                        if (s != NGramModel.Smoothing.MAXIMUM_LIKELIHOOD || seen) {
                            assertEquals(1.0, total, 1e-9, s + " order " + order + " context " + a + "," + b);
                        }
                    }
                }
            }
        }
    }

    /** Bigram Kneser-Ney written out directly from its definition, against the model. */
    @Test
    void kneserNeyMatchesItsDefinitionForBigrams() {
        Vocabulary v = Vocabulary.build(TEXT.stream().map(Tokenizer.words()::tokens).toList(), 1);
        List<int[]> data = encode(v, Tokenizer.words(), TEXT);
        double d = 0.75;
        NGramModel m = NGramModel.fit(data, 2, v.size(), NGramModel.Smoothing.KNESER_NEY, d);
        Map<List<Integer>, Integer> bigrams = new HashMap<>();
        for (int[] s : data) {
            int prev = Vocabulary.END_ID;
            for (int w : s) {
                bigrams.merge(List.of(prev, w), 1, Integer::sum);
                prev = w;
            }
        }
        int allTypes = bigrams.size();
        Set<Integer> continued = new HashSet<>();
        bigrams.keySet().forEach(k -> continued.add(k.get(1)));
        for (int prev = 0; prev < v.size(); prev++) {
            int p = prev;
            int total = bigrams.entrySet().stream().filter(e -> e.getKey().get(0) == p).mapToInt(Map.Entry::getValue).sum();
            long after = bigrams.keySet().stream().filter(k -> k.get(0) == p).count();
            for (int w = 0; w < v.size(); w++) {
                int ww = w;
                long before = bigrams.keySet().stream().filter(k -> k.get(1) == ww).count();
                double unigram = (Math.max(before - d, 0) + d * continued.size() / (double) v.size()) / allTypes;
                double expected = total == 0 ? unigram
                        : (Math.max(bigrams.getOrDefault(List.of(p, w), 0) - d, 0) + d * after * unigram) / total;
                assertEquals(expected, m.probability(new int[] {prev}, w), 1e-12, "P(" + v.token(w) + " | " + v.token(prev) + ")");
            }
        }
    }

    @Test
    void perplexityIsTheExponentOfTheMeanNegativeLogLikelihood() {
        Vocabulary v = Vocabulary.build(TEXT.stream().map(Tokenizer.characters()::tokens).toList(), 1);
        List<int[]> train = encode(v, Tokenizer.characters(), TEXT);
        List<int[]> held = encode(v, Tokenizer.characters(), List.of("the cat sat on the log."));
        NGramModel m = NGramModel.fit(train, 3, v.size(), NGramModel.Smoothing.ADD_K, 0.5);
        double nll = 0;
        int n = 0;
        for (int[] s : held) {
            for (int t = 0; t < s.length; t++) {
                nll -= Math.log(m.probability(java.util.Arrays.copyOfRange(s, Math.max(0, t - 2), t), s[t]));
                n++;
            }
        }
        assertEquals(Math.exp(nll / n), m.perplexity(held), 1e-9);
        double kneserNey = NGramModel.fit(train, 3, v.size(), NGramModel.Smoothing.KNESER_NEY, 0.75).perplexity(held);
        assertTrue(kneserNey < m.perplexity(held), "Kneser-Ney " + kneserNey + " beats add-0.5 " + m.perplexity(held));
    }

    @Test
    void samplesFollowTheCountsAndTheSeed() {
        Vocabulary v = Vocabulary.build(List.of(Tokenizer.words().tokens("one two three four")), 1);
        List<int[]> data = List.of(v.encode(Tokenizer.words().tokens("one two three four")));
        NGramModel m = NGramModel.fit(data, 2, v.size(), NGramModel.Smoothing.MAXIMUM_LIKELIHOOD, 0);
        assertEquals("one two three four", Tokenizer.words().join(v.decode(m.sample(Rng.seeded(1), new int[0], 50))));
        NGramModel smooth = NGramModel.fit(data, 2, v.size(), NGramModel.Smoothing.ADD_K, 1);
        assertArrayEquals(smooth.sample(Rng.seeded(4), new int[0], 20), smooth.sample(Rng.seeded(4), new int[0], 20));
        List<Integer> lengths = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lengths.add(smooth.sample(Rng.seeded(i), new int[0], 3).length);
        }
        assertTrue(lengths.stream().allMatch(l -> l <= 3), lengths.toString());
    }

    @Test
    void badSettingsAreRefused() {
        List<int[]> data = List.of(new int[] {2, 1});
        assertThrows(IllegalArgumentException.class, () -> NGramModel.fit(data, 0, 3, NGramModel.Smoothing.ADD_K, 1));
        assertThrows(IllegalArgumentException.class, () -> NGramModel.fit(data, 2, 3, NGramModel.Smoothing.KNESER_NEY, 1.5));
        assertThrows(IllegalArgumentException.class, () -> NGramModel.fit(data, 9, 100_000, NGramModel.Smoothing.ADD_K, 1));
        assertThrows(IllegalArgumentException.class, () -> NGramModel.fit(List.of(new int[] {5}), 2, 3, NGramModel.Smoothing.ADD_K, 1));
    }
}
