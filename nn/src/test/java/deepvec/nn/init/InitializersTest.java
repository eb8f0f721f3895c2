package deepvec.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.simd.Elementwise;
import deepvec.simd.Gemm;
import deepvec.simd.Reduce;
import deepvec.simd.Softmax;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import org.junit.jupiter.api.Test;

class InitializersTest {

    @Test
    void glorotAndHeHaveTheirVariances() {
        int m = 300;
        int n = 500;
        // 150,000 draws: the sample variance is within 2% of the true one by a wide margin
        assertEquals(2.0 / (m + n), Reduce.variance(Initializers.glorotUniform(Rng.seeded(1), m, n), 0), 0.02 * 2 / (m + n));
        assertEquals(2.0 / (m + n), Reduce.variance(Initializers.glorotNormal(Rng.seeded(2), m, n), 0), 0.02 * 2 / (m + n));
        assertEquals(2.0 / m, Reduce.variance(Initializers.heNormal(Rng.seeded(3), m, n), 0), 0.02 * 2 / m);
        assertEquals(2.0 / m, Reduce.variance(Initializers.heUniform(Rng.seeded(4), m, n), 0), 0.02 * 2 / m);
        float limit = (float) Math.sqrt(6.0 / (m + n));
        Tensor w = Initializers.glorotUniform(Rng.seeded(5), m, n);
        assertTrue(Reduce.max(w) <= limit && Reduce.max(Elementwise.scale(w, -1f)) <= limit);
        assertArrayEquals(Initializers.heNormal(Rng.seeded(6), 4, 3).toArray(), Initializers.heNormal(Rng.seeded(6), 4, 3).toArray());
    }

    @Test
    void orthogonalMatricesHaveOrthonormalColumnsOrRows() {
        for (int[] shape : new int[][] {{50, 20}, {20, 50}, {30, 30}}) {
            Tensor w = Initializers.orthogonal(Rng.seeded(7), shape[0], shape[1], 1.5f);
            Tensor gram = shape[0] >= shape[1] ? Gemm.matmul(w.transpose(0, 1), w) : Gemm.matmul(w, w.transpose(0, 1));
            int k = gram.dim(0);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    assertEquals(i == j ? 2.25f : 0f, gram.get(i, j), 1e-4f);
                }
            }
        }
    }

    @Test
    void sparseInitialisationGivesEachUnitExactlyKInputs() {
        Tensor w = Initializers.sparse(Rng.seeded(8), 100, 40, 15, 1f);
        for (int unit = 0; unit < 40; unit++) {
            int nonZero = 0;
            for (int i = 0; i < 100; i++) {
                nonZero += w.get(i, unit) != 0f ? 1 : 0;
            }
            assertEquals(15, nonZero, "unit " + unit);
        }
        assertThrows(IllegalArgumentException.class, () -> Initializers.sparse(Rng.seeded(9), 10, 4, 11, 1f));
    }

    @Test
    void outputBiasesReproduceTheClassFrequencies() {
        Tensor b = Initializers.softmaxBiasFromMarginals(0.5, 0.3, 0.2);
        assertArrayEquals(new float[] {0.5f, 0.3f, 0.2f}, Softmax.softmax(b, 0).toArray(), 1e-6f);
        assertArrayEquals(new float[] {0.1f, 0.1f}, Initializers.constantBias(2, 0.1f).toArray());
        assertThrows(IllegalArgumentException.class, () -> Initializers.softmaxBiasFromMarginals(0.5, 0.6));
        assertThrows(IllegalArgumentException.class, () -> Initializers.glorotNormal(Rng.seeded(1), 0, 3));
    }
}
