package deepvec.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The threads that deepvec kernels split their work over. Kernels use {@link #current()}:
 * the pool bound by {@link #run}/{@link #call} on this thread, or else the shared pool sized by
 * {@code -Ddeepvec.threads} (default: available processors).
 *
 * <p>Kernels split work so that every output element is computed by the same sequence of
 * operations whatever the number of threads: results are bit-identical for any pool.
 *
 * <pre>{@code
 * try (ComputePool pool = ComputePool.ofThreads(1)) {
 *     pool.run(() -> Gemm.matmul(a, b));                    // single-threaded GEMM
 * }
 * }</pre>
 */
public final class ComputePool implements AutoCloseable {

    /** System property giving the shared pool's thread count. */
    public static final String THREADS_PROPERTY = "deepvec.threads";

    private static final ScopedValue<ComputePool> CURRENT = ScopedValue.newInstance();
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final int threads;
    /** Workers besides the calling thread, which always takes a share; null when threads == 1. */
    private final WorkerGroup workers;

    private ComputePool(int threads) {
        this.threads = threads;
        this.workers = threads == 1 ? null : new WorkerGroup(threads - 1, "deepvec-compute-" + POOL_IDS.incrementAndGet(), this::run);
    }

    /**
     * A pool of {@code threads} threads: the caller plus {@code threads - 1} daemon workers.
     *
     * @throws IllegalArgumentException if threads is not positive
     */
    public static ComputePool ofThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a compute pool needs at least 1 thread, got " + threads);
        }
        return new ComputePool(threads);
    }

    /** The process-wide pool, sized by {@code -Ddeepvec.threads} or the processor count. */
    public static ComputePool shared() {
        return SharedHolder.SHARED;
    }

    /** The pool bound to this thread by {@link #run} or {@link #call}, else {@link #shared()}. */
    public static ComputePool current() {
        return CURRENT.orElse(shared());
    }

    /** Number of threads that work on one kernel call, the caller included. */
    public int threads() {
        return threads;
    }

    /** Runs {@code task} with this pool as {@link #current()}. */
    public void run(Runnable task) {
        ScopedValue.where(CURRENT, this).run(task);
    }

    /** Computes {@code task} with this pool as {@link #current()}. */
    public <T> T call(Supplier<T> task) {
        return ScopedValue.where(CURRENT, this).call(task::get);
    }

    /**
     * Runs {@code body.accept(i)} for every i in [0, parts), spread over this pool's threads,
     * and returns when all are done. A part that throws makes this call throw (the first
     * failure, with the others suppressed). Calls from inside a worker, or while the pool is
     * busy with another caller's loop, run inline on the calling thread.
     */
    public void parallelFor(int parts, IntConsumer body) {
        if (parts <= 1 || workers == null) {
            for (int i = 0; i < parts; i++) {
                body.accept(i);
            }
            return;
        }
        workers.run(parts, body);
    }

    /**
     * Stops this pool's worker threads; loops submitted afterwards fail. Pools made with
     * {@link #ofThreads} should be closed (try-with-resources); the shared pool cannot be.
     *
     * @throws IllegalStateException for the shared pool
     */
    @Override
    public void close() {
        if (this == SharedHolder.SHARED) {
            throw new IllegalStateException("the shared compute pool lives as long as the JVM and cannot be closed");
        }
        if (workers != null) {
            workers.stop();
        }
    }

    @Override
    public String toString() {
        return "ComputePool[threads=" + threads + "]";
    }

    private static final class SharedHolder {
        static final ComputePool SHARED = new ComputePool(sharedThreadCount());

        private static int sharedThreadCount() {
            String value = System.getProperty(THREADS_PROPERTY);
            if (value == null || value.isBlank()) {
                return Runtime.getRuntime().availableProcessors();
            }
            try {
                int threads = Integer.parseInt(value.trim());
                if (threads >= 1) {
                    return threads;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the expected form
            }
            throw new IllegalArgumentException("-D" + THREADS_PROPERTY + "=" + value + " is not a thread count; expected a whole number >= 1");
        }
    }
}
