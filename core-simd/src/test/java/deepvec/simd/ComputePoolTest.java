package deepvec.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ComputePoolTest {

    @Test
    void runsEveryPartOnceAndBindsTheCurrentPool() {
        AtomicIntegerArray seen = new AtomicIntegerArray(50);
        try (ComputePool pool = ComputePool.ofThreads(3)) {
            pool.run(() -> {
                assertSame(pool, ComputePool.current());
                ComputePool.current().parallelFor(50, seen::incrementAndGet);
            });
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(1, seen.get(i));
        }
        assertSame(ComputePool.shared(), ComputePool.current());
    }

    @Test
    void closedPoolsRefuseWorkAndTheSharedOneCannotClose() {
        ComputePool pool = ComputePool.ofThreads(2);
        pool.close();
        assertThrows(IllegalStateException.class, () -> pool.parallelFor(2, i -> { }));
        assertThrows(IllegalStateException.class, () -> ComputePool.shared().close());
    }

    @Test
    void nestedAndBackToBackLoopsComplete() {
        try (ComputePool pool = ComputePool.ofThreads(2)) {
            java.util.concurrent.atomic.AtomicLong sum = new java.util.concurrent.atomic.AtomicLong();
            for (int round = 0; round < 2000; round++) {
                pool.parallelFor(4, i -> pool.parallelFor(3, j -> sum.addAndGet(i * 3 + j)));
            }
            assertEquals(2000L * 66, sum.get());
        }
    }

    /**
     * A part sees its own pool as current, and a loop nested in it runs on that part's thread,
     * the caller's included: were a worker to find the shared pool current, its kernels would
     * run on a third thread; were the caller
     * to publish its nested loop as a second job, a worker idle after its own part would take
     * that job's parts, or one that had not yet seen the outer job would miss it.
     */
    @Test
    void loopsNestedInAPartSeeTheirPoolAndRunInlineOnThePartsThread() {
        try (ComputePool pool = ComputePool.ofThreads(2)) {
            for (int round = 0; round < 20; round++) {
                Thread[] outer = new Thread[2];
                Thread[][] inner = new Thread[2][4];
                ComputePool[] current = new ComputePool[2];
                pool.run(() -> ComputePool.current().parallelFor(2, i -> {     // as kernels call it
                    outer[i] = Thread.currentThread();
                    current[i] = ComputePool.current();
                    ComputePool.current().parallelFor(4, j -> {
                        inner[i][j] = Thread.currentThread();
                        try {
                            Thread.sleep(i == 0 ? 2 : 0);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }));
                for (int i = 0; i < 2; i++) {
                    assertSame(pool, current[i], "the pool current in part " + i);
                    for (Thread t : inner[i]) {
                        assertEquals(outer[i], t, "round " + round + ", part " + i);
                    }
                }
            }
        }
    }

    @Test
    void errorsInWorkersReachTheCallerInsteadOfHangingIt() {
        try (ComputePool pool = ComputePool.ofThreads(2)) {
            assertThrows(StackOverflowError.class, () -> pool.parallelFor(2, i -> {
                throw new StackOverflowError("part " + i);
            }));
            pool.parallelFor(2, i -> { });              // still usable afterwards
        }
    }

    @Test
    void failuresReachTheCaller() {
        try (ComputePool pool = ComputePool.ofThreads(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.parallelFor(4, i -> {
                if (i == 3) {
                    throw new IllegalStateException("part 3 failed");
                }
            }));
            assertEquals("part 3 failed", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ComputePool.ofThreads(0));
    }
}
