package deepvec.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The native GEMM peers, where installed, compute C = A B (and with transposes) as a triple loop does. */
class NativePeersTest {

    private static final int M = 3;
    private static final int N = 4;
    private static final int K = 5;

    /** The peer's product of fixed small matrices, A [M, K] and B [K, N] (or B stored transposed, [N, K]). */
    private interface Product {
        void compute(boolean transB, MemorySegment a, MemorySegment b, MemorySegment c);
    }

    private static void check(Product peer) {
        float[] a = new float[M * K];
        float[] b = new float[K * N];
        float[] bt = new float[N * K];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) - 3;
        }
        for (int k = 0; k < K; k++) {
            for (int j = 0; j < N; j++) {
                b[k * N + j] = (k * N + j) % 5 - 2;
                bt[j * K + k] = b[k * N + j];
            }
        }
        float[] expected = new float[M * N];
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                for (int k = 0; k < K; k++) {
                    expected[i * N + j] += a[i * K + k] * b[k * N + j];
                }
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            for (boolean transB : new boolean[] {false, true}) {
                MemorySegment c = arena.allocate(ValueLayout.JAVA_FLOAT, M * N);
                peer.compute(transB, arena.allocateFrom(ValueLayout.JAVA_FLOAT, a), arena.allocateFrom(ValueLayout.JAVA_FLOAT, transB ? bt : b),
                        c);
                assertArrayEquals(expected, c.toArray(ValueLayout.JAVA_FLOAT), 0f, "transB " + transB);
            }
        }
    }

    @Test
    void oneDnnMultipliesAsATripleLoop() {
        OneDnn dnnl = OneDnn.load().orElse(null);
        assumeTrue(dnnl != null, "oneDNN is not installed: " + OneDnn.INSTALL_HINT);
        dnnl.setThreads(1);
        check((transB, a, b, c) -> dnnl.sgemm(false, transB, M, N, K, 1f, a, K, b, transB ? K : N, 0f, c, N));
        assertTrue(dnnl.version().matches("\\d+\\.\\d+\\.\\d+"), dnnl.version());
    }

    @Test
    void openBlasMultipliesAsATripleLoopWithItsStrongestKernels() {
        OpenBlas blas = OpenBlas.load().orElse(null);
        assumeTrue(blas != null, "OpenBLAS is not installed: " + OpenBlas.INSTALL_HINT);
        check((transB, a, b, c) -> blas.sgemm(false, transB, M, N, K, 1f, a, K, b, transB ? K : N, 0f, c, N));
        if (NativeProcess.hasAvx512()) {
            assertEquals("SkylakeX", blas.coreName(), "on an AVX-512 CPU the peer runs its AVX-512 kernels, whatever the environment says");
        }
    }
}
