package deepvec.nn.data;

import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Examples read as a stream, for data that does not fit in memory (Deep Learning section
 * 8.1.3): each epoch opens the source again and reads it once, front to back, cutting the
 * examples into minibatches, either in the order read or shuffled in a buffer of N examples,
 * as far as a single pass allows: the buffer fills with the first N examples, then each example
 * read replaces one drawn at random from the buffer, which is emitted (so an example leaves at
 * most N - 1 places before where it came in). The draws come from generator e of the seed, so
 * an epoch replays exactly. Only the buffer and one batch are held in memory.
 *
 * <pre>{@code
 * StreamingDataset stream = StreamingDataset.shuffled(() -> reader.chunks(), 128, 10_000, Rng.seeded(1));
 * trainer.fit(stream, validation);
 * }</pre>
 */
public final class StreamingDataset implements BatchSource {

    private final Supplier<? extends Iterator<Batch>> source;
    private final int batchSize;
    private final int bufferSize;       // 0: the order read
    private final Rng rng;

    private StreamingDataset(Supplier<? extends Iterator<Batch>> source, int batchSize, int bufferSize, Rng rng) {
        if (batchSize < 1 || bufferSize < 0) {
            throw new IllegalArgumentException("streaming: batch size " + batchSize + ", buffer " + bufferSize
                    + "; expected a batch size >= 1 and a buffer >= 0");
        }
        this.source = source;
        this.batchSize = batchSize;
        this.bufferSize = bufferSize;
        this.rng = rng;
    }

    /**
     * The examples in the order the source gives them.
     *
     * @param source opens the stream anew for every epoch; it yields chunks of examples of any size (one example each, or a block)
     */
    public static StreamingDataset inOrder(Supplier<? extends Iterator<Batch>> source, int batchSize) {
        return new StreamingDataset(source, batchSize, 0, null);
    }

    /** The examples shuffled in a buffer of {@code bufferSize} examples, with draws from {@code rng}. */
    public static StreamingDataset shuffled(Supplier<? extends Iterator<Batch>> source, int batchSize, int bufferSize, Rng rng) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("streaming: the shuffle buffer must hold at least one example, got " + bufferSize);
        }
        return new StreamingDataset(source, batchSize, bufferSize, rng);
    }

    @Override
    public Iterable<Batch> epoch(int epoch) {
        return () -> new Batches(new Examples(source.get()), bufferSize == 0 ? null : rng.fork(epoch));
    }

    @Override
    public int batchesPerEpoch(int epoch) {
        return -1;
    }

    @Override
    public Batch sample(int maxExamples) {
        Examples examples = new Examples(source.get());
        List<Batch> first = new ArrayList<>();
        while (first.size() < maxExamples && examples.hasNext()) {
            first.add(examples.next());
        }
        if (first.isEmpty()) {
            throw new IllegalArgumentException("the stream holds no examples");
        }
        return Batch.concat(first);
    }

    /** The stream's examples one at a time, whatever the size of the chunks it yields. */
    private static final class Examples implements Iterator<Batch> {
        private final Iterator<Batch> chunks;
        private Batch chunk;
        private int row;

        Examples(Iterator<Batch> chunks) {
            this.chunks = chunks;
        }

        @Override
        public boolean hasNext() {
            while ((chunk == null || row == chunk.size()) && chunks.hasNext()) {
                chunk = chunks.next();
                row = 0;
            }
            return chunk != null && row < chunk.size();
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return chunk.rows(row, ++row);
        }
    }

    /** Minibatches of the examples, through the shuffle buffer when there is one. */
    private final class Batches implements Iterator<Batch> {
        private final Examples examples;
        private final Rng draws;             // null: in order
        private final List<Batch> buffer = new ArrayList<>();

        Batches(Examples examples, Rng draws) {
            this.examples = examples;
            this.draws = draws;
        }

        @Override
        public boolean hasNext() {
            return !buffer.isEmpty() || examples.hasNext();
        }

        @Override
        public Batch next() {
            List<Batch> batch = new ArrayList<>(batchSize);
            while (batch.size() < batchSize && hasNext()) {
                batch.add(nextExample());
            }
            if (batch.isEmpty()) {
                throw new NoSuchElementException();
            }
            return Batch.concat(batch);
        }

        private Batch nextExample() {
            if (draws == null) {
                return examples.next();
            }
            while (buffer.size() < bufferSize && examples.hasNext()) {
                buffer.add(examples.next());
            }
            int pick = draws.nextInt(buffer.size());
            Batch chosen = buffer.get(pick);
            if (examples.hasNext()) {
                buffer.set(pick, examples.next());
            } else {
                buffer.set(pick, buffer.getLast());
                buffer.removeLast();
            }
            return chosen;
        }
    }
}
