package deepvec.simd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
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
 * ComputePool.ofThreads(1).run(() -> Gemm.matmul(a, b));   // single-threaded GEMM
 * }</pre>
 */
public final class ComputePool {

    /** System property giving the shared pool's thread count. */
    public static final String THREADS_PROPERTY = "deepvec.threads";

    private static final ScopedValue<ComputePool> CURRENT = ScopedValue.newInstance();
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final int threads;
    /** Workers besides the calling thread, which always takes a share; null when threads == 1. */
    private final ForkJoinPool workers;

    private ComputePool(int threads) {
        this.threads = threads;
        this.workers = threads == 1 ? null : newWorkers(threads - 1);
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
     * failure, with the others suppressed). Calls from inside a worker run inline.
     */
    public void parallelFor(int parts, IntConsumer body) {
        if (parts <= 1 || workers == null || isWorkerThread()) {
            for (int i = 0; i < parts; i++) {
                body.accept(i);
            }
            return;
        }
        RuntimeException[] failures = new RuntimeException[parts];
        List<ForkJoinTask<?>> forked = new ArrayList<>(parts - 1);
        for (int i = 1; i < parts; i++) {
            int part = i;
            forked.add(workers.submit(() -> runPart(body, part, failures)));
        }
        runPart(body, 0, failures);
        forked.forEach(ForkJoinTask::join);
        RuntimeException first = null;
        for (RuntimeException failure : failures) {
            if (failure != null && first == null) {
                first = failure;
            } else if (failure != null) {
                first.addSuppressed(failure);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Runs one part, keeping its exception as thrown (ForkJoinTask.join would re-wrap it). */
    private static void runPart(IntConsumer body, int part, RuntimeException[] failures) {
        try {
            body.accept(part);
        } catch (RuntimeException e) {
            failures[part] = e;
        }
    }

    private boolean isWorkerThread() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == workers;
    }

    private static ForkJoinPool newWorkers(int count) {
        int id = POOL_IDS.incrementAndGet();
        AtomicInteger threadIds = new AtomicInteger();
        return new ForkJoinPool(count, pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setDaemon(true);
            thread.setName("deepvec-compute-" + id + "-" + threadIds.incrementAndGet());
            return thread;
        }, null, false);
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
