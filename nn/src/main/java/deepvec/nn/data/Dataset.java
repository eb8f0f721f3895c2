package deepvec.nn.data;

import deepvec.simd.IntTensor;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Examples held in memory as named fields that share their first axis, the example index:
 * float tensors (inputs, regression targets, images) and integer tensors (class labels, token
 * sequences) of any shape [n, ...]. A classifier's data is {@value #FEATURES} [n, d] and
 * {@value #LABELS} [n]; a regression adds {@value #TARGETS}; an autoencoder needs only
 * features; a model with several inputs names each.
 *
 * <pre>{@code
 * Dataset images = Dataset.of(pixels, labels);
 * Dataset text = Dataset.builder().add("tokens", IntTensor.of(ids, n, 64)).build();
 * }</pre>
 */
public final class Dataset {

    /** The conventional name of the model's input. */
    public static final String FEATURES = "features";
    /** The conventional name of class labels, [n] integers. */
    public static final String LABELS = "labels";
    /** The conventional name of regression targets. */
    public static final String TARGETS = "targets";

    private final SequencedMap<String, Tensor> floats;
    private final SequencedMap<String, IntTensor> ints;
    private final int size;

    private Dataset(SequencedMap<String, Tensor> floats, SequencedMap<String, IntTensor> ints, int size) {
        this.floats = floats;
        this.ints = ints;
        this.size = size;
    }

    /** Features [n, ...] and class labels [n]. */
    public static Dataset of(Tensor features, int[] labels) {
        return builder().add(FEATURES, features).add(LABELS, IntTensor.vector(labels)).build();
    }

    /** Features [n, ...] and regression targets [n, ...]. */
    public static Dataset of(Tensor features, Tensor targets) {
        return builder().add(FEATURES, features).add(TARGETS, targets).build();
    }

    /** Features alone [n, ...], for unsupervised models. */
    public static Dataset of(Tensor features) {
        return builder().add(FEATURES, features).build();
    }

    /** Starts a dataset of named fields. */
    public static Builder builder() {
        return new Builder();
    }

    /** Number of examples. */
    public int size() {
        return size;
    }

    /**
     * The float field {@code name}, [n, ...], dense.
     *
     * @throws IllegalArgumentException if there is no such float field
     */
    public Tensor floats(String name) {
        return field(floats, name, "float", ints.keySet());
    }

    /**
     * The integer field {@code name}, [n, ...].
     *
     * @throws IllegalArgumentException if there is no such integer field
     */
    public IntTensor ints(String name) {
        return field(ints, name, "integer", floats.keySet());
    }

    /** Whether a field of either kind has this name. */
    public boolean has(String name) {
        return floats.containsKey(name) || ints.containsKey(name);
    }

    /** The {@value #FEATURES} field. */
    public Tensor features() {
        return floats(FEATURES);
    }

    /** The {@value #LABELS} field as class indices. */
    public int[] labels() {
        return ints(LABELS).data();
    }

    /** The examples at the given indices, copied, in that order. */
    public Dataset subset(int[] indices) {
        Batch rows = gather(indices, 0, indices.length);
        SequencedMap<String, Tensor> f = new LinkedHashMap<>();
        floats.keySet().forEach(name -> f.put(name, rows.floats(name)));
        SequencedMap<String, IntTensor> i = new LinkedHashMap<>();
        ints.keySet().forEach(name -> i.put(name, rows.ints(name)));
        return new Dataset(f, i, indices.length);
    }

    /**
     * The batch of examples {@code order[start .. start + count)} (or {@code start ..} in
     * stored order when {@code order} is null), each field's rows copied.
     */
    Batch gather(int[] order, int start, int count) {
        SequencedMap<String, Tensor> f = new LinkedHashMap<>();
        floats.forEach((name, t) -> {
            float[] rows = new float[count * rowLength(t.shape())];
            copyRows(t.data(), t.offset(), rows, rowLength(t.shape()), order, start, count);
            f.put(name, Tensor.of(rows, withRows(t.shape(), count)));
        });
        SequencedMap<String, IntTensor> i = new LinkedHashMap<>();
        ints.forEach((name, t) -> {
            int[] rows = new int[count * rowLength(t.shape())];
            copyRows(t.data(), 0, rows, rowLength(t.shape()), order, start, count);
            i.put(name, IntTensor.of(rows, withRows(t.shape(), count)));
        });
        return new Batch(f, i, count);
    }

    /** Copies rows of {@code row} elements of {@code source} (a float[] or int[]) into {@code target}, in the order given. */
    private static void copyRows(Object source, int offset, Object target, int row, int[] order, int start, int count) {
        for (int r = 0; r < count; r++) {
            System.arraycopy(source, offset + example(order, start + r) * row, target, r * row, row);
        }
    }

    private static int example(int[] order, int position) {
        return order == null ? position : order[position];
    }

    private static int rowLength(int[] shape) {
        int row = 1;
        for (int a = 1; a < shape.length; a++) {
            row *= shape[a];
        }
        return row;
    }

    private static int[] withRows(int[] shape, int rows) {
        int[] s = shape.clone();
        s[0] = rows;
        return s;
    }

    /**
     * A seeded random split into training and held-out validation sets (Deep Learning section
     * 5.3.1), the validation set taking {@code validationFraction} of the examples.
     */
    public Split split(double validationFraction, Rng rng) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        int[] order = Shuffle.permutation(size(), rng);
        int validation = (int) Math.round(size() * validationFraction);
        return new Split(subset(Arrays.copyOfRange(order, validation, size())), subset(Arrays.copyOfRange(order, 0, validation)));
    }

    /** A training set and a validation set drawn from the same examples. */
    public record Split(Dataset training, Dataset validation) {
    }

    static <T> T field(Map<String, T> fields, String name, String kind, Set<String> otherKind) {
        T value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no " + kind + " field '" + name + "'" + (otherKind.contains(name)
                    ? " (it is a field of the other kind)" : "") + "; the " + kind + " fields are " + fields.keySet());
        }
        return value;
    }

    /** Collects named fields and checks them: one example count, finite floats. */
    public static final class Builder {
        private final SequencedMap<String, Tensor> floats = new LinkedHashMap<>();
        private final SequencedMap<String, IntTensor> ints = new LinkedHashMap<>();
        private int size = -1;

        private Builder() {
        }

        /**
         * Adds a float field [n, ...].
         *
         * @throws ShapeException if its first axis differs from the fields added before
         * @throws IllegalArgumentException for a repeated name or a non-finite value
         */
        public Builder add(String name, Tensor rows) {
            Tensor dense = rows.contiguous();
            examples(name, dense.shape());
            float[] v = dense.data();
            int row = Math.max(rowLength(dense.shape()), 1);
            for (int i = 0; i < dense.size(); i++) {
                if (!Float.isFinite(v[dense.offset() + i])) {
                    throw new IllegalArgumentException("Dataset: field '" + name + "' of example " + i / row + " holds "
                            + v[dense.offset() + i] + "; values must be finite");
                }
            }
            floats.put(name, dense);
            return this;
        }

        /**
         * Adds an integer field [n, ...].
         *
         * @throws ShapeException if its first axis differs from the fields added before
         * @throws IllegalArgumentException for a repeated name
         */
        public Builder add(String name, IntTensor rows) {
            examples(name, rows.shape());
            ints.put(name, rows);
            return this;
        }

        private void examples(String name, int[] shape) {
            if (floats.containsKey(name) || ints.containsKey(name)) {
                throw new IllegalArgumentException("Dataset: field '" + name + "' is added twice");
            }
            if (shape.length == 0) {
                throw new ShapeException("Dataset: field '" + name + "' is a scalar; expected [n, ...] with one row per example");
            }
            if (size >= 0 && shape[0] != size) {
                throw new ShapeException("Dataset: field '" + name + "' has shape " + Arrays.toString(shape) + ", " + shape[0]
                        + " examples; the fields before it have " + size);
            }
            size = shape[0];
        }

        /**
         * @throws IllegalStateException without any field
         */
        public Dataset build() {
            if (size < 0) {
                throw new IllegalStateException("Dataset: no field was added");
            }
            return new Dataset(new LinkedHashMap<>(floats), new LinkedHashMap<>(ints), size);
        }
    }

    @Override
    public String toString() {
        return "Dataset of " + size + " examples, float fields " + floats.keySet() + ", integer fields " + ints.keySet();
    }
}
