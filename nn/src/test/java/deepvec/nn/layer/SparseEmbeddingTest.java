package deepvec.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.optim.Adam;
import deepvec.nn.optim.GradientClipping;
import deepvec.nn.optim.Optimizer;
import deepvec.nn.optim.Sgd;
import deepvec.simd.IntTensor;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.lang.management.ManagementFactory;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Row-sparse embedding gradients and the SGD and Adam row updates, against the dense ones. */
class SparseEmbeddingTest {

    private static final IntTensor IDS = IntTensor.of(new int[] {3, 1, 3, 7, 0, 1}, 2, 3);

    private static double step(Embedding table, IntTensor ids, Tensor weights, Optimizer optimizer) {
        optimizer.zeroGrad();
        Ops.sum(Ops.mul(table.lookup(ids), Variable.constant(weights))).backward();
        double norm = GradientClipping.clipByNorm(optimizer.parameters().values(), 0.5f);
        optimizer.step();
        return norm;
    }

    @Test
    void theSparseGradientHoldsTheDenseOneInTheTokensRows() {
        Embedding dense = new Embedding(9, 4, false, Rng.seeded(1));
        Embedding sparse = new Embedding(9, 4, true, Rng.seeded(1));
        Tensor weights = Rng.seeded(2).uniform(-1f, 1f, 2, 3, 4);
        for (Embedding e : new Embedding[] {dense, sparse}) {
            Ops.sum(Ops.mul(e.lookup(IDS), Variable.constant(weights))).backward();
        }
        Variable d = dense.namedParameters().get("weight");
        Variable s = sparse.namedParameters().get("weight");
        assertArrayEquals(d.grad().toArray(), s.grad().toArray());
        assertNull(d.gradientRows());
        assertArrayEquals(new int[] {0, 1, 3, 7}, s.gradientRows());
        assertEquals(GradientClipping.globalNorm(java.util.List.of(d)), GradientClipping.globalNorm(java.util.List.of(s)), 1e-6);
        assertEquals(sparse.config(), LayerRegistry.standard().create(sparse.config(), Rng.seeded(1)).config());
    }

    @Test
    void sgdOnRowsGivesTheBitsOfTheDenseUpdate() {
        Embedding dense = new Embedding(9, 4, false, Rng.seeded(3));
        Embedding sparse = new Embedding(9, 4, true, Rng.seeded(3));
        Optimizer a = new Sgd(dense.namedParameters(), 0.3f);
        Optimizer b = new Sgd(sparse.namedParameters(), 0.3f);
        for (int t = 0; t < 5; t++) {
            IntTensor ids = IntTensor.of(new int[] {t % 9, (2 * t + 1) % 9, 4}, 3);
            Tensor weights = Rng.seeded(10 + t).uniform(-1f, 1f, 3, 4);
            assertEquals(step(dense, ids, weights, a), step(sparse, ids, weights, b), 1e-6);
            assertArrayEquals(dense.namedParameters().get("weight").value().toArray(),
                    sparse.namedParameters().get("weight").value().toArray(), 1e-7f, "step " + t);
        }
    }

    @Test
    void adamOnRowsIsLazyAdam() {
        Embedding dense = new Embedding(5, 3, false, Rng.seeded(4));
        Embedding sparse = new Embedding(5, 3, true, Rng.seeded(4));
        Optimizer a = new Adam(dense.namedParameters(), 0.1f);
        Optimizer b = new Adam(sparse.namedParameters(), 0.1f);
        IntTensor all = IntTensor.of(new int[] {0, 1, 2, 3, 4}, 5);
        Tensor weights = Rng.seeded(5).uniform(-1f, 1f, 5, 3);
        step(dense, all, weights, a);
        step(sparse, all, weights, b);            // every row touched: the same as dense Adam
        Function<Embedding, float[]> values = e -> e.namedParameters().get("weight").value().toArray();
        assertArrayEquals(values.apply(dense), values.apply(sparse));
        IntTensor one = IntTensor.of(new int[] {2}, 1);
        Tensor w1 = Rng.seeded(6).uniform(-1f, 1f, 1, 3);
        float[] before = values.apply(sparse);
        step(dense, one, w1, a);
        step(sparse, one, w1, b);
        float[] lazy = values.apply(sparse);
        float[] full = values.apply(dense);
        for (int row = 0; row < 5; row++) {
            for (int j = 0; j < 3; j++) {
                int i = row * 3 + j;
                if (row == 2) {
                    assertEquals(full[i], lazy[i], "the touched row moves as in dense Adam");
                } else {
                    assertEquals(before[i], lazy[i], "an untouched row stays");
                    assertNotEquals(before[i], full[i], "dense Adam moves it on its momentum");
                }
            }
        }
    }

    /** A 100k-row table: a step of a few tokens allocates far less than one dense [V, D] gradient (25.6 MB). */
    @Test
    void aLargeTableCostsWhatItsTokensCost() {
        int vocabulary = 100_000;
        int dimension = 64;
        Embedding table = new Embedding(vocabulary, dimension, true, Rng.seeded(7));
        Optimizer adam = new Adam(table.namedParameters(), 1e-3f);
        IntTensor ids = IntTensor.of(new int[] {5, 99_999, 12_345, 5, 70_000, 42}, 6);
        Tensor weights = Rng.seeded(8).uniform(-1f, 1f, 6, dimension);
        for (int warm = 0; warm < 3; warm++) {
            step(table, ids, weights, adam);     // the gradient buffer and Adam's moments, once
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int t = 0; t < 20; t++) {
            step(table, ids, weights, adam);
        }
        long perStep = (threads.getCurrentThreadAllocatedBytes() - before) / 20;
        assertTrue(perStep < 1_000_000, "a sparse step allocated " + perStep + " bytes");
        float[] w = table.namedParameters().get("weight").value().data();
        Embedding untouched = new Embedding(vocabulary, dimension, true, Rng.seeded(7));
        float[] initial = untouched.namedParameters().get("weight").value().data();
        assertEquals(initial[6 * dimension], w[6 * dimension], "row 6 was never a token");
        assertNotEquals(initial[5 * dimension], w[5 * dimension]);
    }
}
