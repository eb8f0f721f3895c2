package deepvec.nn.data;

/**
 * Where a trainer gets its minibatches, epoch by epoch (Deep Learning section 8.1.3): a
 * {@link DataLoader} over examples held in memory, or a {@link StreamingDataset} that reads
 * examples that do not fit in memory as it goes. The same epoch number gives the same batches,
 * so a resumed run replays exactly what an uninterrupted one would.
 */
public interface BatchSource {

    /** The batches of epoch {@code epoch} (0, 1, ...), in training order. */
    Iterable<Batch> epoch(int epoch);

    /** Batches in epoch {@code epoch}, or -1 when not known in advance (a stream). */
    int batchesPerEpoch(int epoch);

    /** The first examples, at most {@code maxExamples}, for the checks a task makes before training. */
    Batch sample(int maxExamples);
}
