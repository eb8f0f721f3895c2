package deepvec.nn.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * What one epoch of training measured, as named values in a stable order: the task's step
 * metrics averaged over the epoch as {@code train.<name>} (such as {@code train.loss}), its
 * epoch metrics under their own names (the curvature terms {@code gTg}, {@code gTHg}), its
 * metrics on the validation set as {@code validation.<name>}, then the trainer's own:
 * {@code learning_rate} (at the epoch's last step; {@code learning_rate.<optimizer>} for each of
 * several optimisers), {@code seconds} (wall time of the steps) and {@code examples_per_second}.
 *
 * @param epoch 1-based
 * @param values the metrics by name
 */
public record EpochMetrics(int epoch, SequencedMap<String, Double> values) {

    public EpochMetrics {
        values = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(values));
    }

    /**
     * The metric {@code name}.
     *
     * @throws IllegalArgumentException if this epoch has no such metric; the message lists those it has
     */
    public double get(String name) {
        Double value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no metric '" + name + "' in epoch " + epoch + "; the metrics are " + values.keySet());
        }
        return value;
    }

    /** Whether this epoch has the metric {@code name}. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The metrics as a map (for tests and listeners that take every value). */
    public Map<String, Double> asMap() {
        return values;
    }
}
