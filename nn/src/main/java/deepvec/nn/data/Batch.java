package deepvec.nn.data;

import deepvec.simd.Indexing;
import deepvec.simd.IntTensor;
import deepvec.simd.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * The examples of {@code parts}, in order, as one batch; every part has the same fields
     * with the same shapes beyond the first axis.
     *
     * @throws IllegalArgumentException if the parts have different fields
     */
    public static Batch concat(List<Batch> parts) {
        Batch first = parts.getFirst();
        SequencedMap<String, Tensor> floats = new LinkedHashMap<>();
        SequencedMap<String, IntTensor> ints = new LinkedHashMap<>();
        int size = 0;
        for (Batch part : parts) {
            if (!part.floats.keySet().equals(first.floats.keySet()) || !part.ints.keySet().equals(first.ints.keySet())) {
                throw new IllegalArgumentException("batches with fields " + part.floats.keySet() + part.ints.keySet() + " and "
                        + first.floats.keySet() + first.ints.keySet() + " cannot be joined");
            }
            size += part.size;
        }
        for (String name : first.floats.keySet()) {
            floats.put(name, Indexing.concat(0, parts.stream().map(p -> p.floats.get(name)).toArray(Tensor[]::new)));
        }
        for (String name : first.ints.keySet()) {
            int[] shape = first.ints.get(name).shape();
            shape[0] = size;
            int[] joined = new int[Math.toIntExact(Arrays.stream(shape).asLongStream().reduce(1, Math::multiplyExact))];
            int at = 0;
            for (Batch part : parts) {
                IntTensor rows = part.ints.get(name);
                int[] partShape = rows.shape();
                partShape[0] = size;
                if (!Arrays.equals(partShape, shape)) {
                    throw new IllegalArgumentException("field '" + name + "' has rows of shape " + Arrays.toString(rows.shape())
                            + " in one batch and " + Arrays.toString(first.ints.get(name).shape()) + " in another");
                }
                System.arraycopy(rows.data(), 0, joined, at, rows.size());
                at += rows.size();
            }
            ints.put(name, IntTensor.of(joined, shape));
        }
        return new Batch(floats, ints, size);
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

    /** Examples {@code [from, to)} of this batch (copies of their rows). */
    public Batch rows(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of a batch of " + size);
        }
        SequencedMap<String, Tensor> f = new LinkedHashMap<>();
        floats.forEach((name, t) -> f.put(name, t.slice(0, from, to).copy()));
        SequencedMap<String, IntTensor> i = new LinkedHashMap<>();
        ints.forEach((name, t) -> {
            int row = t.size() / Math.max(size, 1);
            int[] shape = t.shape();
            shape[0] = to - from;
            i.put(name, IntTensor.of(Arrays.copyOfRange(t.data(), from * row, to * row), shape));
        });
        return new Batch(f, i, to - from);
    }

    /** The same batch with float field {@code name} replaced (an augmented input). */
    public Batch with(String name, Tensor rows) {
        floats(name);
        SequencedMap<String, Tensor> replaced = new LinkedHashMap<>(floats);
        replaced.put(name, rows);
        return new Batch(replaced, ints, size);
    }
}
