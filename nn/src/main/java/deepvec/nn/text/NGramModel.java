package deepvec.nn.text;

import deepvec.simd.random.Rng;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An n-gram language model (Deep Learning section 12.4.1, eq. 12.5-12.7): the probability of a
 * token given the n - 1 before it, estimated from counts over token-id sequences, each
 * started by n - 1 end-of-sequence ids (so the first tokens have a context) and ending with one.
 * Four estimators:
 * <ul>
 *   <li>{@link Smoothing#MAXIMUM_LIKELIHOOD}: c(h w) / c(h) (eq. 12.6), zero for anything unseen;</li>
 *   <li>{@link Smoothing#ADD_K}: (c(h w) + k) / (c(h) + k V);</li>
 *   <li>{@link Smoothing#INTERPOLATED}: Jelinek-Mercer, p_j = lambda c(h_j w) / c(h_j) + (1 - lambda) p_{j-1}
 *       from the uniform p_0 = 1 / V, each order j's context h_j its last j - 1 tokens;</li>
 *   <li>{@link Smoothing#KNESER_NEY}: interpolated Kneser-Ney with discount D (Chen and Goodman 1998):
 *       p_j = max(c_j(h w) - D, 0) / c_j(h) + D N1+(h .) / c_j(h) p_{j-1}, where the top order counts
 *       occurrences and every lower order counts continuations, the distinct tokens seen before h w.</li>
 * </ul>
 * Each estimator is a distribution over the V ids for every context (the tests enumerate it).
 */
public final class NGramModel {

    /** How unseen n-grams get probability. */
    public enum Smoothing { MAXIMUM_LIKELIHOOD, ADD_K, INTERPOLATED, KNESER_NEY }

    private final int order;
    private final int vocabulary;
    private final Smoothing smoothing;
    private final double parameter;
    /** Per order j = 1..n: counts of j-grams (occurrences at the top order and for the other estimators, continuations for Kneser-Ney below it). */
    private final Map<Long, Integer>[] counts;
    /** Per order: the sum of those counts over the last token, by context. */
    private final Map<Long, Long>[] totals;
    /** Per order: the number of distinct tokens after each context. */
    private final Map<Long, Integer>[] types;

    @SuppressWarnings("unchecked")
    private NGramModel(int order, int vocabulary, Smoothing smoothing, double parameter) {
        this.order = order;
        this.vocabulary = vocabulary;
        this.smoothing = smoothing;
        this.parameter = parameter;
        this.counts = new Map[order + 1];
        this.totals = new Map[order + 1];
        this.types = new Map[order + 1];
        for (int j = 1; j <= order; j++) {
            counts[j] = new HashMap<>();
            totals[j] = new HashMap<>();
            types[j] = new HashMap<>();
        }
    }

    /**
     * Counts the n-grams of {@code sequences} (token ids in [0, V), each ending with the
     * end-of-sequence id).
     *
     * @param parameter k for add-k (e.g. 0.01), lambda in (0, 1] for interpolation, the discount D in
     *     (0, 1] for Kneser-Ney (0.75 is the usual), unused for maximum likelihood
     * @throws IllegalArgumentException for an order below 1, V^order beyond 2^62, a parameter out of
     *     range or an id outside [0, V)
     */
    public static NGramModel fit(List<int[]> sequences, int order, int vocabulary, Smoothing smoothing, double parameter) {
        if (order < 1 || vocabulary < 2) {
            throw new IllegalArgumentException("an n-gram model needs order >= 1 and a vocabulary of >= 2, got " + order + " and "
                    + vocabulary);
        }
        double max = Math.pow(vocabulary, order);
        if (max > 0x1p62) {
            throw new IllegalArgumentException(vocabulary + "^" + order + " n-grams do not fit the 62-bit keys; use a lower order");
        }
        boolean valid = switch (smoothing) {
            case MAXIMUM_LIKELIHOOD -> true;
            case ADD_K -> parameter > 0 && Double.isFinite(parameter);
            case INTERPOLATED, KNESER_NEY -> parameter > 0 && parameter <= 1;
        };
        if (!valid) {
            throw new IllegalArgumentException(smoothing + " parameter " + parameter + " is out of range (k > 0; lambda, D in (0, 1])");
        }
        NGramModel model = new NGramModel(order, vocabulary, smoothing, parameter);
        model.count(sequences);
        return model;
    }

    private void count(List<int[]> sequences) {
        for (int[] sequence : sequences) {
            int[] padded = padded(sequence);
            for (int t = order - 1; t < padded.length; t++) {
                for (int j = 1; j <= order; j++) {
                    counts[j].merge(key(padded, t - j + 1, j), 1, Integer::sum);
                }
            }
        }
        if (smoothing == Smoothing.KNESER_NEY) {
            for (int j = 1; j < order; j++) {                    // continuation counts: distinct tokens before each j-gram
                Map<Long, Integer> continuations = new HashMap<>();
                long drop = power(j);
                counts[j + 1].keySet().forEach(k -> continuations.merge(k % drop, 1, Integer::sum));
                counts[j] = continuations;
            }
        }
        for (int j = 1; j <= order; j++) {
            Map<Long, Long> total = totals[j];
            Map<Long, Integer> distinct = types[j];
            counts[j].forEach((k, c) -> {
                total.merge(k / vocabulary, (long) c, Long::sum);
                distinct.merge(k / vocabulary, 1, Integer::sum);
            });
        }
    }

    private int[] padded(int[] sequence) {
        int[] padded = new int[sequence.length + order - 1];
        Arrays.fill(padded, 0, order - 1, Vocabulary.END_ID);
        for (int i = 0; i < sequence.length; i++) {
            if (sequence[i] < 0 || sequence[i] >= vocabulary) {
                throw new IllegalArgumentException("token id " + sequence[i] + " outside the vocabulary of " + vocabulary);
            }
            padded[order - 1 + i] = sequence[i];
        }
        return padded;
    }

    /** The tokens {@code ids[from .. from + length)} as one number in base V. */
    private long key(int[] ids, int from, int length) {
        long k = 0;
        for (int i = from; i < from + length; i++) {
            k = k * vocabulary + ids[i];
        }
        return k;
    }

    private long power(int j) {
        long p = 1;
        for (int i = 0; i < j; i++) {
            p *= vocabulary;
        }
        return p;
    }

    /** The order n. */
    public int order() {
        return order;
    }

    /** The vocabulary size V. */
    public int vocabularySize() {
        return vocabulary;
    }

    /**
     * P(token | the last n - 1 ids of {@code history}); a shorter history is padded in front with
     * end-of-sequence ids, as at the start of a sequence.
     */
    public double probability(int[] history, int token) {
        int[] context = new int[order];
        Arrays.fill(context, Vocabulary.END_ID);
        int keep = Math.min(order - 1, history.length);
        System.arraycopy(history, history.length - keep, context, order - 1 - keep, keep);
        context[order - 1] = token;
        return probability(context);
    }

    /** P(w | h) for {@code gram} = the n - 1 context ids then w. */
    private double probability(int[] gram) {
        int w = gram[order - 1];
        if (w < 0 || w >= vocabulary) {
            throw new IllegalArgumentException("token id " + w + " outside the vocabulary of " + vocabulary);
        }
        long full = key(gram, 0, order);
        long context = full / vocabulary;
        return switch (smoothing) {
            case MAXIMUM_LIKELIHOOD -> {
                long total = totals[order].getOrDefault(context, 0L);
                yield total == 0 ? 0 : (double) counts[order].getOrDefault(full, 0) / total;
            }
            case ADD_K -> (counts[order].getOrDefault(full, 0) + parameter)
                    / (totals[order].getOrDefault(context, 0L) + parameter * vocabulary);
            case INTERPOLATED, KNESER_NEY -> {
                double p = 1.0 / vocabulary;
                for (int j = 1; j <= order; j++) {
                    long gramKey = key(gram, order - j, j);
                    long total = totals[j].getOrDefault(gramKey / vocabulary, 0L);
                    if (total == 0) {
                        continue;                 // a context never seen at this order: the lower order's estimate stands
                    }
                    double c = counts[j].getOrDefault(gramKey, 0);
                    p = smoothing == Smoothing.INTERPOLATED ? parameter * c / total + (1 - parameter) * p
                            : (Math.max(c - parameter, 0) + parameter * types[j].get(gramKey / vocabulary) * p) / total;
                }
                yield p;
            }
        };
    }

    /**
     * The mean negative log-likelihood in nats per predicted token (the end tokens included) of
     * {@code sequences}: the log of the perplexity.
     */
    public double crossEntropy(List<int[]> sequences) {
        double nll = 0;
        long tokens = 0;
        for (int[] sequence : sequences) {
            int[] padded = padded(sequence);
            for (int t = order - 1; t < padded.length; t++) {
                nll -= Math.log(probability(Arrays.copyOfRange(padded, t - order + 1, t + 1)));
                tokens++;
            }
        }
        return nll / tokens;
    }

    /** The perplexity exp(cross-entropy) of {@code sequences}. */
    public double perplexity(List<int[]> sequences) {
        return Math.exp(crossEntropy(sequences));
    }

    /**
     * Draws tokens one by one from the model after {@code prefix}, until the end-of-sequence id
     * (not included) or {@code maxLength} tokens.
     */
    public int[] sample(Rng rng, int[] prefix, int maxLength) {
        int[] history = prefix.clone();
        int[] out = new int[maxLength];
        int n = 0;
        double[] p = new double[vocabulary];
        while (n < maxLength) {
            for (int w = 0; w < vocabulary; w++) {
                p[w] = probability(history, w);
            }
            int next = Sampling.categorical(p, rng);
            if (next == Vocabulary.END_ID) {
                break;
            }
            out[n++] = next;
            history = Arrays.copyOfRange(append(history, next), Math.max(0, history.length + 1 - order), history.length + 1);
        }
        return Arrays.copyOf(out, n);
    }

    private static int[] append(int[] a, int x) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = x;
        return out;
    }
}
