package deepvec.nn.data;

import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Minibatches of a dataset for one epoch at a time (Deep Learning section 8.1.3): the examples
 * in a fresh seeded random order each epoch, cut into batches of a fixed size (the last may be
 * smaller). The same seed gives the same batches, epoch by epoch.
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

    /** Number of batches per epoch. */
    public int batchesPerEpoch() {
        return (dataset.size() + batchSize - 1) / batchSize;
    }

    /** The next epoch's batches. */
    public List<Dataset> epoch() {
        int n = dataset.size();
        int[] order = shuffle ? Shuffle.permutation(n, rng) : identity(n);
        List<Dataset> batches = new ArrayList<>(batchesPerEpoch());
        for (int start = 0; start < n; start += batchSize) {
            int[] indices = new int[Math.min(batchSize, n - start)];
            System.arraycopy(order, start, indices, 0, indices.length);
            batches.add(dataset.subset(indices));
        }
        return batches;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
