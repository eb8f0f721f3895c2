package deepvec.simd;

/**
 * Splits the index range [0, n) of independent items (elements, image planes, channels) into
 * one contiguous range per thread of the {@link ComputePool#current() current pool}, each at
 * least a given size so that small work stays on the calling thread. Each item is computed by
 * the same code whichever range holds it, so results do not depend on the thread count.
 *
 * <pre>{@code
 * ParallelRanges.run(channels, ParallelRanges.itemsPerGrain(elementsPerChannel), (first, count) -> {
 *     for (int c = first; c < first + count; c++) { ... channel c alone ... }
 * });
 * }</pre>
 */
public final class ParallelRanges {

    /** Elements of a streaming elementwise pass worth handing to another thread (128 KiB of floats). */
    public static final int ELEMENT_GRAIN = 1 << 15;

    /** The work on items [from, from + count). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int count);
    }

    private ParallelRanges() {
    }

    /** Runs {@code body} over [0, n) in ranges of at least {@code grain} items, in parallel when there are several. */
    public static void run(int n, int grain, Range body) {
        ComputePool pool = ComputePool.current();
        int parts = (int) Math.max(1, Math.min(pool.threads(), n / Math.max(1L, grain)));
        if (parts == 1) {
            body.run(0, n);
            return;
        }
        int chunk = (n + parts - 1) / parts;
        pool.parallelFor(parts, part -> {
            int from = part * chunk;
            body.run(from, Math.max(0, Math.min(n, from + chunk) - from));
        });
    }

    /** The number of items of {@code itemSize} elements that make up about {@link #ELEMENT_GRAIN} elements. */
    public static int itemsPerGrain(int itemSize) {
        return Math.max(1, ELEMENT_GRAIN / Math.max(1, itemSize));
    }
}
