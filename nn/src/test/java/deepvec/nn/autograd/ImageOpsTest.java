package deepvec.nn.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.simd.ComputePool;
import deepvec.simd.PoolGeometry;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Convolution, pooling, reshaping and normalisation ops: gradients against central differences, values against definitions. */
class ImageOpsTest {

    private static final double TOLERANCE = 2e-3;

    private static void assertGradients(double h, Function<Variable[], Variable> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, h, inputs);
        assertTrue(r.maxError() < TOLERANCE, "max error " + r.maxError() + " at " + r.where());
    }

    /** Distinct values 0.1 apart in random order, so that no finite-difference step changes a window's maximum. */
    private static Tensor distinct(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        List<Integer> order = new ArrayList<>(IntStream.range(0, t.size()).boxed().toList());
        Collections.shuffle(order, new Random(seed));
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = 0.1f * order.get(i) - 0.05f * t.size();
        }
        return t;
    }

    @Test
    void convolutionGradientsWithStridePaddingDilationAndGroups() {
        Rng rng = Rng.seeded(1);
        Tensor x = rng.uniform(-1f, 1f, 2, 4, 6, 5);
        Tensor w = rng.uniform(-1f, 1f, 6, 2, 3, 2);
        Tensor b = rng.uniform(-1f, 1f, 6);
        assertGradients(1e-2, v -> ImageOps.conv2d(v[0], v[1], v[2], new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 2}, 2), x, w, b);
        assertGradients(1e-2, v -> ImageOps.conv2d(v[0], v[1], null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1),
                rng.uniform(-1f, 1f, 2, 3, 5, 5), rng.uniform(-1f, 1f, 2, 3, 3, 3));
    }

    @Test
    void dataInputGetsNoGradientButTheKernelDoes() {
        Rng rng = Rng.seeded(2);
        Tensor x = rng.uniform(-1f, 1f, 3, 1, 6, 6);
        Variable w = Variable.parameter(rng.uniform(-1f, 1f, 4, 1, 3, 3));
        Variable wAll = Variable.parameter(w.value().copy());
        Variable xAll = Variable.parameter(x.copy());
        int[] one = {1, 1};
        Ops.sum(ImageOps.conv2d(Variable.constant(x), w, null, one, one, one, 1)).backward();
        Ops.sum(ImageOps.conv2d(xAll, wAll, null, one, one, one, 1)).backward();
        assertArrayEquals(wAll.grad().data(), w.grad().data());
        assertTrue(xAll.grad() != null);
    }

    @Test
    void poolingGradientsAndValues() {
        Tensor x = distinct(3, 2, 3, 5, 6);
        PoolGeometry twoByTwo = PoolGeometry.of(5, 6, 2, 2, 0);
        PoolGeometry padded = PoolGeometry.of(5, 6, 3, 2, 1);
        assertGradients(1e-3, v -> ImageOps.maxPool2d(v[0], twoByTwo), x);
        assertGradients(1e-3, v -> ImageOps.maxPool2d(v[0], padded), x);
        assertGradients(1e-2, v -> ImageOps.avgPool2d(v[0], padded, false), x);
        assertGradients(1e-2, v -> ImageOps.avgPool2d(v[0], padded, true), x);
        Tensor y = ImageOps.maxPool2d(Variable.constant(x), twoByTwo).value();
        assertArrayEquals(new int[] {2, 3, 2, 3}, y.shape());
        float expected = Math.max(Math.max(x.get(1, 2, 2, 4), x.get(1, 2, 2, 5)), Math.max(x.get(1, 2, 3, 4), x.get(1, 2, 3, 5)));
        assertEquals(expected, y.get(1, 2, 1, 2));
        assertThrows(ShapeException.class, () -> ImageOps.maxPool2d(Variable.constant(Tensor.zeros(2, 30)), twoByTwo));
    }

    @Test
    void reshapeCarriesGradientsBack() {
        assertGradients(1e-2, v -> Ops.square(ShapeOps.reshape(v[0], 2, 12)), Rng.seeded(4).uniform(-1f, 1f, 2, 3, 2, 2));
    }

    @Test
    void batchNormTrainingGradientFlowsThroughTheBatchStatistics() {
        Rng rng = Rng.seeded(5);
        Tensor gamma = rng.uniform(0.5f, 1.5f, 3);
        Tensor beta = rng.uniform(-1f, 1f, 3);
        for (Tensor x : new Tensor[] {rng.uniform(-2f, 2f, 5, 3), rng.uniform(-2f, 2f, 4, 3, 2, 3)}) {
            assertGradients(1e-2, v -> Ops.square(NormalizationOps.batchNorm(v[0], v[1], v[2],
                    NormalizationOps.statistics(v[0].value()), 1e-5f)), x, gamma, beta);
            Tensor y = NormalizationOps.batchNorm(Variable.constant(x), Variable.constant(Tensor.full(1f, 3)),
                    Variable.constant(Tensor.zeros(3)), NormalizationOps.statistics(x), 1e-5f).value();
            NormalizationOps.Statistics s = NormalizationOps.statistics(y);   // standardised: mean 0, variance 1
            for (int c = 0; c < 3; c++) {
                assertEquals(0f, s.mean()[c], 1e-5f);
                assertEquals(1f, s.variance()[c], 1e-3f);
            }
        }
        float[] mean = {0.5f, -1f, 0f};
        float[] variance = {2f, 0.5f, 1f};
        assertGradients(1e-2, v -> Ops.square(NormalizationOps.batchNormInference(v[0], v[1], v[2], mean, variance, 1e-5f)),
                rng.uniform(-2f, 2f, 4, 3, 2, 2), gamma, beta);
    }

    @Test
    void batchNormIsBitIdenticalForAnyThreadCount() {
        Rng rng = Rng.seeded(8);
        Tensor x = rng.normal(1f, 2f, 9, 24, 20, 20);   // enough per channel and per example to split
        Tensor gamma = rng.uniform(0.5f, 1.5f, 24);
        Tensor beta = rng.uniform(-1f, 1f, 24);
        Tensor upstream = rng.normal(0f, 1f, 9, 24, 20, 20);
        List<Tensor> serial = batchNormForwardBackward(1, x, gamma, beta, upstream);
        List<Tensor> parallel = batchNormForwardBackward(3, x, gamma, beta, upstream);
        for (int i = 0; i < serial.size(); i++) {
            assertArrayEquals(serial.get(i).data(), parallel.get(i).data(), "result " + i);
        }
    }

    private static List<Tensor> batchNormForwardBackward(int threads, Tensor x, Tensor gamma, Tensor beta, Tensor upstream) {
        try (ComputePool pool = ComputePool.ofThreads(threads)) {
            return pool.call(() -> {
                Variable[] v = {Variable.parameter(x), Variable.parameter(gamma), Variable.parameter(beta)};
                Variable y = NormalizationOps.batchNorm(v[0], v[1], v[2], NormalizationOps.statistics(x), 1e-5f);
                Ops.sum(Ops.mul(y, Variable.constant(upstream))).backward();
                return List.of(y.value(), v[0].grad(), v[1].grad(), v[2].grad());
            });
        }
    }

    @Test
    void localResponseNormMatchesItsFormulaAndGradient() {
        Tensor a = Rng.seeded(6).uniform(-2f, 2f, 2, 7, 2, 3);
        float alpha = 0.1f;                    // large enough that the cross-channel terms matter
        float beta = 0.75f;
        float k = 2f;
        Tensor b = NormalizationOps.localResponseNorm(Variable.constant(a), 5, alpha, beta, k).value();
        for (int c = 0; c < 7; c++) {
            double sum = 0;
            for (int w = Math.max(0, c - 2); w <= Math.min(6, c + 2); w++) {
                sum += a.get(1, w, 1, 2) * a.get(1, w, 1, 2);
            }
            assertEquals(a.get(1, c, 1, 2) / Math.pow(k + alpha * sum, beta), b.get(1, c, 1, 2), 1e-6);
        }
        assertGradients(1e-2, v -> NormalizationOps.localResponseNorm(v[0], 5, alpha, beta, k), a);
        assertGradients(1e-2, v -> NormalizationOps.localResponseNorm(v[0], 3, alpha, beta, k), Rng.seeded(7).uniform(-2f, 2f, 4, 6));
    }

    @Test
    void convolutionWithoutBiasHasTwoGradients() {
        Variable x = Variable.parameter(Rng.seeded(8).uniform(-1f, 1f, 1, 2, 4, 4));
        Variable w = Variable.parameter(Rng.seeded(9).uniform(-1f, 1f, 2, 2, 3, 3));
        int[] one = {1, 1};
        Ops.sum(ImageOps.conv2d(x, w, null, one, new int[] {0, 0}, one, 1)).backward();
        assertArrayEquals(new int[] {2, 2, 3, 3}, w.grad().shape());
        assertArrayEquals(new int[] {1, 2, 4, 4}, x.grad().shape());
    }
}
