package deepvec.nn.data;

import deepvec.simd.random.Rng;
import java.util.AbstractList;
import java.util.List;

/**
 * Minibatches of a dataset, epoch by epoch (Deep Learning section 8.1.3): epoch e visits the
 * examples in a random order drawn from generator e of the seed (so any epoch can be replayed on
 * its own, as a resumed run must), cut into batches of a fixed size; the last may be smaller.
 * With a {@link Curriculum}, epoch e draws only from that epoch's pool of easy examples.
 * Batches are copied from the dataset when they are first read.
 */
public final class DataLoader implements BatchSource {

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final Rng rng;
    private final Curriculum curriculum;       // null: every example every epoch

    /**
     * @param shuffle false keeps the stored order (for evaluation)
     * @param rng the source of each epoch's order (unused without shuffling)
     */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, Rng rng) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.rng = rng;
        this.curriculum = null;
    }

    private DataLoader(DataLoader loader, Curriculum curriculum) {
        this.dataset = loader.dataset;
        this.batchSize = loader.batchSize;
        this.shuffle = loader.shuffle;
        this.rng = loader.rng;
        this.curriculum = curriculum;
    }

    /**
     * This loader presenting the examples from easy to hard (section 8.7.6): epoch e (0-based)
     * visits the pool {@code curriculum.examples(e + 1)}.
     *
     * @throws IllegalArgumentException if the curriculum scores another number of examples
     */
    public DataLoader withCurriculum(Curriculum curriculum) {
        if (curriculum.size() != dataset.size()) {
            throw new IllegalArgumentException("the curriculum scores " + curriculum.size() + " examples; the dataset has "
                    + dataset.size());
        }
        return new DataLoader(this, curriculum);
    }

    /** Batches in the stored order, for evaluation. */
    public static DataLoader sequential(Dataset dataset, int batchSize) {
        return new DataLoader(dataset, batchSize, false, null);
    }

    @Override
    public int batchesPerEpoch(int epoch) {
        int n = curriculum == null ? dataset.size() : curriculum.examples(epoch + 1).length;
        return (n + batchSize - 1) / batchSize;
    }

    /** The batches of epoch {@code epoch} (0, 1, ...), each built when it is read. */
    @Override
    public List<Batch> epoch(int epoch) {
        if (curriculum != null) {
            return epoch(epoch, curriculum.examples(epoch + 1));
        }
        return batches(shuffle ? Shuffle.permutation(dataset.size(), rng.fork(epoch)) : null, dataset.size());
    }

    @Override
    public Batch sample(int maxExamples) {
        return dataset.gather(null, 0, Math.min(maxExamples, dataset.size()));
    }

    /**
     * The batches of epoch {@code epoch} drawn from the listed examples only (a curriculum's
     * pool), in a seeded shuffle of them when this loader shuffles.
     *
     * @throws IllegalArgumentException if an index is outside the dataset
     */
    private List<Batch> epoch(int epoch, int[] examples) {
        for (int index : examples) {
            if (index < 0 || index >= dataset.size()) {
                throw new IllegalArgumentException("example " + index + " is outside the dataset of " + dataset.size());
            }
        }
        int[] order = examples.clone();
        if (shuffle) {
            int[] permutation = Shuffle.permutation(order.length, rng.fork(epoch));
            for (int i = 0; i < order.length; i++) {
                order[i] = examples[permutation[i]];
            }
        }
        return batches(order, order.length);
    }

    /** Batches of the examples in {@code order} (null: stored order), {@code n} in all. */
    private List<Batch> batches(int[] order, int n) {
        return new AbstractList<>() {
            @Override
            public Batch get(int index) {
                int start = index * batchSize;
                return dataset.gather(order, start, Math.min(batchSize, n - start));
            }

            @Override
            public int size() {
                return (n + batchSize - 1) / batchSize;
            }
        };
    }
}
