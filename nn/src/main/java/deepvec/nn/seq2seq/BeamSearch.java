package deepvec.nn.seq2seq;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.layer.RecurrentLayer;
import deepvec.simd.IntTensor;
import deepvec.simd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Decoding an {@link EncoderDecoder}: the output sequence y that (approximately) maximises
 * log P(y | x), Deep Learning section 10.4 and 12.4.5. Beam search keeps the {@code width}
 * best partial outputs of each source; at each step every one is extended by every token, and
 * the {@code width} best extensions survive. An extension that emits the end id is finished and
 * scored {@code log P(y | x) / |y|^alpha} (length normalisation: alpha = 0 keeps the raw
 * log-probability, which favours short outputs; alpha = 1 scores the mean per token). A source is
 * done when it has {@code width} finished outputs, or at {@code maxSteps}. Width 1 is greedy
 * decoding. All sources of a call are decoded together, one batched decoder step per time step.
 */
public final class BeamSearch {

    private final int width;
    private final double lengthPenalty;
    private final int maxSteps;
    private final int beginId;
    private final int endId;

    /**
     * @param width the hypotheses kept per source (1: greedy)
     * @param lengthPenalty alpha, the exponent of the length normalisation (>= 0)
     * @param maxSteps the longest output, end id included
     */
    public BeamSearch(int width, double lengthPenalty, int maxSteps, int beginId, int endId) {
        if (width < 1 || !(lengthPenalty >= 0) || Double.isInfinite(lengthPenalty) || maxSteps < 1) {
            throw new IllegalArgumentException("beam search: width " + width + ", length penalty " + lengthPenalty + ", " + maxSteps
                    + " steps; expected width >= 1, a finite penalty >= 0 and >= 1 step");
        }
        this.width = width;
        this.lengthPenalty = lengthPenalty;
        this.maxSteps = maxSteps;
        this.beginId = beginId;
        this.endId = endId;
    }

    /** A finished or partial output: its tokens (no begin or end id) and log P(y | x). */
    private record Hypothesis(int[] tokens, double logProbability, boolean finished) {
    }

    /** The best output of each source row of {@code sources} [N, S] (ids, padded). */
    public List<int[]> decode(EncoderDecoder model, IntTensor sources) {
        return Autograd.noGrad(() -> run(model, sources)).stream().map(Hypothesis::tokens).toList();
    }

    private List<Hypothesis> run(EncoderDecoder model, IntTensor sources) {
        int batch = sources.dim(0);
        EncoderDecoder.Encoding encoding = model.encode(sources);
        List<List<Hypothesis>> finished = new ArrayList<>();
        List<Beam> live = new ArrayList<>();
        for (int n = 0; n < batch; n++) {
            finished.add(new ArrayList<>());
            live.add(new Beam(n, new int[0], 0.0, n));
        }
        RecurrentLayer.State state = encoding.state();
        for (int step = 0; step < maxSteps && !live.isEmpty(); step++) {
            int[] sourceOf = live.stream().mapToInt(Beam::source).toArray();
            int[] previous = live.stream().mapToInt(b -> b.tokens.length == 0 ? beginId : b.tokens[b.tokens.length - 1]).toArray();
            IntTensor stateRows = IntTensor.of(live.stream().mapToInt(Beam::stateRow).toArray(), live.size());
            EncoderDecoder.Step next = model.step(encoding, IntTensor.of(sourceOf, sourceOf.length), state.rows(stateRows), previous);
            List<Beam> survivors = new ArrayList<>();
            boolean last = step == maxSteps - 1;
            for (int n = 0, row = 0; n < batch; n++) {
                int from = row;
                while (row < live.size() && live.get(row).source == n) {
                    row++;
                }
                if (from < row) {
                    extend(live, from, row, next.logProbabilities(), finished.get(n), survivors, last);
                }
            }
            live = survivors;
            state = next.state();
        }
        List<Hypothesis> best = new ArrayList<>();
        for (List<Hypothesis> outputs : finished) {
            best.add(outputs.stream().max(Comparator.comparingDouble(this::score)).orElseThrow());
        }
        return best;
    }

    /** Extends the live beams [from, to) of one source: finished ones are recorded, the best partial ones survive. */
    private void extend(List<Beam> live, int from, int to, Tensor logProbabilities, List<Hypothesis> finished, List<Beam> survivors,
            boolean last) {
        int vocabulary = logProbabilities.dim(1);
        List<Beam> candidates = new ArrayList<>();
        for (int row = from; row < to; row++) {
            Beam beam = live.get(row);
            float[] lp = logProbabilities.data();
            int base = logProbabilities.offset() + row * vocabulary;
            for (int token : topTokens(lp, base, vocabulary)) {
                int[] tokens = Arrays.copyOf(beam.tokens, beam.tokens.length + 1);
                tokens[beam.tokens.length] = token;
                candidates.add(new Beam(beam.source, tokens, beam.logProbability + lp[base + token], row));
            }
        }
        candidates.sort(Comparator.comparingDouble((Beam b) -> -b.logProbability));
        int kept = 0;
        for (Beam c : candidates) {
            if (kept == width || finished.size() >= width) {
                break;
            }
            boolean ends = c.tokens[c.tokens.length - 1] == endId;
            if (ends || last) {
                finished.add(new Hypothesis(ends ? Arrays.copyOf(c.tokens, c.tokens.length - 1) : c.tokens, c.logProbability, ends));
            } else {
                survivors.add(c);
            }
            kept++;
        }
    }

    /** The {@code width} most probable tokens of one row (ties to the lower id), best first. */
    private int[] topTokens(float[] lp, int base, int vocabulary) {
        Integer[] order = new Integer[vocabulary];
        for (int v = 0; v < vocabulary; v++) {
            order[v] = v;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer v) -> -lp[base + v]));
        int[] top = new int[Math.min(width, vocabulary)];
        for (int i = 0; i < top.length; i++) {
            top[i] = order[i];
        }
        return top;
    }

    /** The length-normalised score log P / |y|^alpha, |y| counting the end id. */
    private double score(Hypothesis h) {
        int length = h.tokens().length + (h.finished() ? 1 : 0);
        return h.logProbability() / Math.pow(Math.max(length, 1), lengthPenalty);
    }

    /** A live hypothesis: its source, tokens so far, log-probability, and the row of the decoder state it continues. */
    private record Beam(int source, int[] tokens, double logProbability, int stateRow) {
    }
}
