package deepvec.nn.data;

import deepvec.simd.random.Rng;
import java.util.AbstractList;
import java.util.List;

/**
 * Minibatches of a dataset, epoch by epoch (Deep Learning section 8.1.3): epoch e visits the
 * examples in a random order drawn from generator e of the seed (so any epoch can be replayed on
 * its own, as a resumed run must), cut into batches of a fixed size; the last may be smaller.
 * Batches are copied from the dataset when they are first read.
 */
public final class DataLoader {

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final Rng rng;

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
    }

    /** Batches in the stored order, for evaluation. */
    public static DataLoader sequential(Dataset dataset, int batchSize) {
        return new DataLoader(dataset, batchSize, false, null);
    }

    /** Number of batches per epoch. */
    public int batchesPerEpoch() {
        return (dataset.size() + batchSize - 1) / batchSize;
    }

    /** The batches of epoch {@code epoch} (0, 1, ...), each built when it is read. */
    public List<Batch> epoch(int epoch) {
        return batches(shuffle ? Shuffle.permutation(dataset.size(), rng.fork(epoch)) : null, dataset.size());
    }

    /**
     * The batches of epoch {@code epoch} drawn from the listed examples only (a curriculum's
     * pool), in a seeded shuffle of them when this loader shuffles.
     *
     * @throws IllegalArgumentException if an index is outside the dataset
     */
    public List<Batch> epoch(int epoch, int[] examples) {
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
