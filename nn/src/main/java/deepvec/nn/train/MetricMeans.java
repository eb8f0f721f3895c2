package deepvec.nn.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** Means of named metrics over batches, each batch weighted by its number of examples. */
final class MetricMeans {

    private final Map<String, Double> sums = new LinkedHashMap<>();
    private long examples;

    /** Adds one batch's metrics, each a mean over its {@code size} examples. */
    void add(Map<String, Double> metrics, int size) {
        metrics.forEach((name, value) -> sums.merge(name, value * size, Double::sum));
        examples += size;
    }

    /** Number of examples added. */
    long examples() {
        return examples;
    }

    /** Each metric's mean over the examples added, in the order first seen. */
    Map<String, Double> means() {
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((name, sum) -> means.put(name, sum / examples));
        return means;
    }
}
