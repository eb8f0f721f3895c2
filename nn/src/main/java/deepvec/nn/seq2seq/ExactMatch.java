package deepvec.nn.seq2seq;

import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * The exact-match accuracy of an {@link EncoderDecoder} decoded by a {@link BeamSearch}: the
 * fraction of examples whose whole output equals the target, overall and by source length (the
 * curve on which attention should win at the longest sources).
 *
 * @param overall the fraction of all examples decoded exactly
 * @param byLength the fraction per source length, ascending lengths
 */
public record ExactMatch(double overall, SortedMap<Integer, Double> byLength) {

    private static final int DECODE_BATCH = 256;

    /** Decodes every example, in batches of 256, calling {@code progress} with the count done after each. */
    public static ExactMatch of(EncoderDecoder model, BeamSearch search, DigitTasks.Examples examples, IntConsumer progress) {
        List<DigitTasks.Example> all = examples.examples();
        SortedMap<Integer, int[]> counts = new TreeMap<>();     // length -> {hits, total}
        long hits = 0;
        for (int from = 0; from < all.size(); from += DECODE_BATCH) {
            DigitTasks.Examples part = new DigitTasks.Examples(all.subList(from, Math.min(all.size(), from + DECODE_BATCH)),
                    examples.sourceSteps(), examples.targetSteps());
            List<int[]> outputs = search.decode(model, part.sources());
            for (int i = 0; i < outputs.size(); i++) {
                DigitTasks.Example e = part.examples().get(i);
                boolean hit = Arrays.equals(outputs.get(i), e.target());
                int[] c = counts.computeIfAbsent(e.source().length, k -> new int[2]);
                c[0] += hit ? 1 : 0;
                c[1]++;
                hits += hit ? 1 : 0;
            }
            progress.accept(from + outputs.size());
        }
        SortedMap<Integer, Double> byLength = new TreeMap<>();
        counts.forEach((length, c) -> byLength.put(length, (double) c[0] / c[1]));
        return new ExactMatch((double) hits / all.size(), byLength);
    }
}
