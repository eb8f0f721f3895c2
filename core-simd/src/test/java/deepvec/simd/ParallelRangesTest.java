package deepvec.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import deepvec.simd.random.Rng;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The passes that split their items over threads: every item once, and the same bits for any thread count. */
class ParallelRangesTest {

    private static <T> T on(int threads, Supplier<T> work) {
        try (ComputePool pool = ComputePool.ofThreads(threads)) {
            return pool.call(work);
        }
    }

    @Test
    void rangesCoverEveryItemOnceAndKeepSmallWorkTogether() {
        for (int n : new int[] {0, 1, 7, 100, 1000, 1001}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            int[] calls = new int[1];
            on(3, () -> {
                ParallelRanges.run(n, 100, (from, count) -> {
                    synchronized (calls) {
                        calls[0]++;
                    }
                    for (int i = from; i < from + count; i++) {
                        seen.incrementAndGet(i);
                    }
                });
                return null;
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, seen.get(i), "item " + i + " of " + n);
            }
            assertEquals(Math.max(1, Math.min(3, n / 100)), calls[0], "ranges for " + n + " items");
        }
    }

    @Test
    void elementwisePassesAreBitIdenticalForAnyThreadCount() {
        Rng rng = Rng.seeded(4);
        Tensor a = rng.normal(0f, 1f, 3, 70_001);
        Tensor b = rng.normal(0f, 1f, 3, 70_001);
        for (int threads : new int[] {2, 3}) {
            assertArrayEquals(on(1, () -> Elementwise.tanh(a)).data(), on(threads, () -> Elementwise.tanh(a)).data());
            assertArrayEquals(on(1, () -> Elementwise.binary(BinaryOp.WHERE_POSITIVE, a, b)).data(),
                    on(threads, () -> Elementwise.binary(BinaryOp.WHERE_POSITIVE, a, b)).data());
        }
    }

    @Test
    void poolingAndBiasGradientsAreBitIdenticalForAnyThreadCount() {
        Rng rng = Rng.seeded(5);
        int planes = 130;
        Tensor x = rng.normal(0f, 1f, planes, 28, 28);
        PoolGeometry g = PoolGeometry.of(28, 28, 2, 2, 0);
        Tensor dy = rng.normal(0f, 1f, planes, 14, 14);
        float[][] serial = on(1, () -> pool(g, x, dy, planes));
        float[][] parallel = on(3, () -> pool(g, x, dy, planes));
        for (int i = 0; i < serial.length; i++) {
            assertArrayEquals(serial[i], parallel[i], "pooling result " + i);
        }
        Tensor grad = rng.normal(0f, 1f, 5, 26, 28, 28);
        assertArrayEquals(on(1, () -> Convolution.biasGradient(grad)).data(), on(3, () -> Convolution.biasGradient(grad)).data());
    }

    private static float[][] pool(PoolGeometry g, Tensor x, Tensor dy, int planes) {
        float[] out = new float[planes * g.outPlane()];
        int[] argmax = new int[out.length];
        Pool.maxForward(g, x.data(), 0, planes, out, 0, argmax);
        float[] dx = new float[x.size()];
        Pool.maxBackward(g, dy.data(), 0, argmax, planes, dx, 0);
        float[] indices = new float[argmax.length];
        for (int i = 0; i < argmax.length; i++) {
            indices[i] = argmax[i];
        }
        return new float[][] {out, indices, dx};
    }
}
