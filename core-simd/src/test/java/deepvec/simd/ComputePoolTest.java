package deepvec.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ComputePoolTest {

    @Test
    void runsEveryPartOnceAndBindsTheCurrentPool() {
        ComputePool pool = ComputePool.ofThreads(3);
        AtomicIntegerArray seen = new AtomicIntegerArray(50);
        pool.run(() -> {
            assertSame(pool, ComputePool.current());
            ComputePool.current().parallelFor(50, seen::incrementAndGet);
        });
        for (int i = 0; i < 50; i++) {
            assertEquals(1, seen.get(i));
        }
        assertSame(ComputePool.shared(), ComputePool.current());
    }

    @Test
    void failuresReachTheCaller() {
        ComputePool pool = ComputePool.ofThreads(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.parallelFor(4, i -> {
            if (i == 3) {
                throw new IllegalStateException("part 3 failed");
            }
        }));
        assertEquals("part 3 failed", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ComputePool.ofThreads(0));
    }
}
