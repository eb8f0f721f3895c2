package deepvec.nn.data;

import deepvec.simd.IntTensor;
import deepvec.simd.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * One minibatch: the same named fields as the {@link Dataset} it came from, each holding the
 * rows of its examples, [b, ...]. Made by {@link DataLoader} from a validated dataset, so it is
 * not checked again.
 */
public final class Batch {

    private final SequencedMap<String, Tensor> floats;
    private final SequencedMap<String, IntTensor> ints;
    private final int size;

    Batch(SequencedMap<String, Tensor> floats, SequencedMap<String, IntTensor> ints, int size) {
        this.floats = floats;
        this.ints = ints;
        this.size = size;
    }

    /** A batch of features [b, ...] and class labels [b], as a classifier trains on. */
    public static Batch of(Tensor features, int[] labels) {
        SequencedMap<String, Tensor> floats = new LinkedHashMap<>();
        floats.put(Dataset.FEATURES, features);
        SequencedMap<String, IntTensor> ints = new LinkedHashMap<>();
        ints.put(Dataset.LABELS, IntTensor.vector(labels));
        return new Batch(floats, ints, labels.length);
    }

    /** Number of examples. */
    public int size() {
        return size;
    }

    /**
     * The float field {@code name}, [b, ...].
     *
     * @throws IllegalArgumentException if the batch has no such float field
     */
    public Tensor floats(String name) {
        return Dataset.field(floats, name, "float", ints.keySet());
    }

    /**
     * The integer field {@code name}, [b, ...].
     *
     * @throws IllegalArgumentException if the batch has no such integer field
     */
    public IntTensor ints(String name) {
        return Dataset.field(ints, name, "integer", floats.keySet());
    }

    /** The {@value Dataset#FEATURES} field: the model's input. */
    public Tensor features() {
        return floats(Dataset.FEATURES);
    }

    /** The {@value Dataset#LABELS} field as class indices. */
    public int[] labels() {
        return ints(Dataset.LABELS).data();
    }

    /** The float fields by name. */
    public Map<String, Tensor> floatFields() {
        return Collections.unmodifiableMap(floats);
    }

    /** The same batch with float field {@code name} replaced (an augmented input). */
    public Batch with(String name, Tensor rows) {
        floats(name);
        SequencedMap<String, Tensor> replaced = new LinkedHashMap<>(floats);
        replaced.put(name, rows);
        return new Batch(replaced, ints, size);
    }
}
