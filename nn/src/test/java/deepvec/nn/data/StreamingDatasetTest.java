package deepvec.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.simd.IntTensor;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Streams read once per epoch, in order or through a shuffle buffer, never held whole. */
class StreamingDatasetTest {

    private static final int N = 1000;

    /** Examples 0 .. N-1 made on demand in chunks of 7: feature = id, token row = (id, 2 id); counts how many were made. */
    private static Supplier<Iterator<Batch>> counting(AtomicInteger made) {
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < N;
            }

            @Override
            public Batch next() {
                int count = Math.min(7, N - next);
                float[] x = new float[count];
                int[] tokens = new int[2 * count];
                for (int i = 0; i < count; i++) {
                    x[i] = next + i;
                    tokens[2 * i] = next + i;
                    tokens[2 * i + 1] = 2 * (next + i);
                }
                next += count;
                made.addAndGet(count);
                return Dataset.builder().add(Dataset.FEATURES, Tensor.of(x, count, 1)).add("tokens", IntTensor.of(tokens, count, 2))
                        .build().gather(null, 0, count);
            }
        };
    }

    private static List<Integer> ids(Iterable<Batch> epoch, List<Integer> batchSizes) {
        List<Integer> ids = new ArrayList<>();
        for (Batch b : epoch) {
            batchSizes.add(b.size());
            for (int i = 0; i < b.size(); i++) {
                int id = (int) b.features().get(i, 0);
                ids.add(id);
                assertEquals(id, b.ints("tokens").get(2 * i), "fields stay aligned");
                assertEquals(2 * id, b.ints("tokens").get(2 * i + 1));
            }
        }
        return ids;
    }

    @Test
    void inOrderReadsEveryExampleOnceInTheOrderGiven() {
        AtomicInteger made = new AtomicInteger();
        StreamingDataset stream = StreamingDataset.inOrder(counting(made), 64);
        List<Integer> sizes = new ArrayList<>();
        List<Integer> ids = ids(stream.epoch(0), sizes);
        assertEquals(N, ids.size());
        for (int i = 0; i < N; i++) {
            assertEquals(i, ids.get(i));
        }
        assertEquals(16, sizes.size());
        assertEquals(1000 - 15 * 64, sizes.getLast(), "the last batch holds the rest");
        assertEquals(N, made.get(), "read once");
        assertEquals(-1, stream.batchesPerEpoch(0));
    }

    @Test
    void theShuffleBufferPermutesWithinItsReachAndReplaysEachEpoch() {
        int buffer = 50;
        StreamingDataset stream = StreamingDataset.shuffled(counting(new AtomicInteger()), 32, buffer, Rng.seeded(3));
        List<Integer> first = ids(stream.epoch(0), new ArrayList<>());
        int[] sorted = first.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] all = new int[N];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, sorted, "a permutation: every example once");
        for (int position = 0; position < N; position++) {
            assertTrue(position >= first.get(position) - buffer + 1, "example " + first.get(position) + " emitted at " + position
                    + ", earlier than a buffer of " + buffer + " allows");
        }
        int displaced = 0;
        for (int position = 0; position < N; position++) {
            displaced += first.get(position) != position ? 1 : 0;
        }
        assertTrue(displaced > 0.9 * N, "shuffled: " + displaced + " of " + N + " moved");
        assertEquals(first, ids(stream.epoch(0), new ArrayList<>()), "an epoch replays");
        assertNotEquals(first, ids(stream.epoch(1), new ArrayList<>()), "a new epoch, a new order");
    }

    @Test
    void aSampleIsTheFirstExamplesAndAnEmptyStreamIsRefused() {
        StreamingDataset stream = StreamingDataset.inOrder(counting(new AtomicInteger()), 10);
        Batch sample = stream.sample(20);
        assertEquals(20, sample.size());
        assertEquals(19f, sample.features().get(19, 0));
        StreamingDataset empty = StreamingDataset.inOrder(() -> List.<Batch>of().iterator(), 10);
        assertThrows(IllegalArgumentException.class, () -> empty.sample(5));
        assertThrows(IllegalArgumentException.class, () -> StreamingDataset.shuffled(counting(new AtomicInteger()), 10, 0,
                Rng.seeded(1)));
    }

    @Test
    void datasetsHoldNamedFieldsOfAnyShape() {
        Tensor images = Rng.seeded(1).uniform(0f, 1f, 6, 2, 3, 3);
        Dataset data = Dataset.builder().add("images", images).add("tokens", IntTensor.of(new int[6 * 4], 6, 4))
                .add("targets", Tensor.zeros(6, 5, 2)).build();
        Batch batch = DataLoader.sequential(data, 4).epoch(0).get(1);
        assertEquals(2, batch.size());
        assertArrayEquals(new int[] {2, 2, 3, 3}, batch.floats("images").shape());
        assertArrayEquals(new int[] {2, 4}, batch.ints("tokens").shape());
        assertArrayEquals(new int[] {2, 5, 2}, batch.floats("targets").shape());
        assertEquals(images.get(4, 1, 2, 0), batch.floats("images").get(0, 1, 2, 0));
        IllegalArgumentException wrongKind = assertThrows(IllegalArgumentException.class, () -> batch.floats("tokens"));
        assertTrue(wrongKind.getMessage().contains("other kind"), wrongKind.getMessage());
        assertThrows(deepvec.simd.ShapeException.class, () -> Dataset.builder().add("a", Tensor.zeros(3, 1))
                .add("b", Tensor.zeros(4, 1)));
        assertThrows(IllegalArgumentException.class, () -> Dataset.builder().add("a", Tensor.zeros(3)).add("a", Tensor.zeros(3)));
    }
}
