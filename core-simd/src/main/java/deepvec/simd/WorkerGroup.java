package deepvec.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The worker threads behind a {@link ComputePool}: daemon threads that, after each job, spin
 * for a short while before parking, so that the back-to-back kernel calls of a training loop
 * find them awake. Waking a parked thread costs tens of microseconds on a virtual machine,
 * longer than a whole 128^3 GEMM; the spin keeps that off the critical path (OpenMP and
 * OpenBLAS keep their threads hot for the same reason).
 *
 * <p>One job at a time: the caller publishes it, takes parts itself like any worker, and
 * waits for the last part. A caller that finds the group busy, that is one of its workers, or
 * that is inside a job it published itself, runs its job inline; the results are the same.
 */
final class WorkerGroup {

    /** How long an idle worker spins before parking. */
    private static final long SPIN_NANOS = 200_000;

    private final Thread[] workers;
    private final ReentrantLock submit = new ReentrantLock();
    /** The latest job. Workers compare identities; a late worker finds its old job used up. */
    private volatile Job current;
    private volatile boolean stopped;

    /** One parallel loop: its parts are claimed by counter, so each runs exactly once. */
    private static final class Job {
        final IntConsumer body;
        final int parts;
        final AtomicInteger nextPart = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final Throwable[] failures;

        Job(IntConsumer body, int parts) {
            this.body = body;
            this.parts = parts;
            this.failures = new Throwable[parts];
        }

        void takeParts() {
            for (int part = nextPart.getAndIncrement(); part < parts; part = nextPart.getAndIncrement()) {
                try {
                    body.accept(part);
                } catch (Throwable t) { // an Error too: a worker must never die holding a part
                    failures[part] = t;
                }
                finished.incrementAndGet();
            }
        }
    }

    /**
     * @param context runs each worker's whole life, so that what a part calls sees the pool's
     *     context (a kernel nested in a part finds its own pool current, and runs inline)
     */
    WorkerGroup(int count, String name, Consumer<Runnable> context) {
        workers = new Thread[count];
        for (int i = 0; i < count; i++) {
            workers[i] = Thread.ofPlatform().daemon().name(name + "-" + (i + 1)).unstarted(() -> context.accept(this::workLoop));
            workers[i].start();
        }
    }

    /** Runs body(0 .. parts-1) on the workers and the calling thread; returns when all are done. */
    void run(int parts, IntConsumer body) {
        if (stopped) {
            throw new IllegalStateException("this compute pool is closed; create another with ComputePool.ofThreads");
        }
        Job job = new Job(body, parts);
        // inline: nested use (by a worker, or by the caller inside its own job, which the reentrant lock
        // would otherwise let publish a second job over the first) or concurrent use
        if (isWorker(Thread.currentThread()) || submit.isHeldByCurrentThread() || !submit.tryLock()) {
            job.takeParts();
            rethrow(job.failures);
            return;
        }
        try {
            current = job;
            for (Thread worker : workers) {
                LockSupport.unpark(worker);           // cheap for a spinning worker: sets its permit
            }
            job.takeParts();
            while (job.finished.get() < parts) {
                Thread.onSpinWait();
            }
        } finally {
            submit.unlock();
        }
        rethrow(job.failures);
    }

    private static void rethrow(Throwable[] failures) {
        Throwable first = null;
        for (Throwable t : failures) {
            if (t != null && first == null) {
                first = t;
            } else if (t != null) {
                first.addSuppressed(t);
            }
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
    }

    /** Lets the workers finish and exit; later jobs are refused. */
    void stop() {
        stopped = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }

    private void workLoop() {
        Job seen = null;
        while (!stopped) {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (current == seen && !stopped && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            while (current == seen && !stopped) {
                LockSupport.park(this);               // unpark after publishing, so no wake-up is lost
            }
            if (current != seen) {
                seen = current;
                seen.takeParts();
            }
        }
    }

    private boolean isWorker(Thread thread) {
        for (Thread w : workers) {
            if (w == thread) {
                return true;
            }
        }
        return false;
    }
}
