package deepvec.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.GradCheck;
import deepvec.nn.autograd.Variable;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import org.junit.jupiter.api.Test;

class LossesTest {

    private static void assertGradient(GradCheck.Result r) {
        assertTrue(r.maxError() < 2e-3, "max error " + r.maxError() + " at " + r.where());
    }

    private static Tensor random(long seed, float lo, float hi, int... shape) {
        return Rng.seeded(seed).uniform(lo, hi, shape);
    }

    @Test
    void crossEntropyMatchesTheFormulaAndItsGradient() {
        Tensor logits = Tensor.of(new float[] {1f, 2f, 3f, 0.5f, 0.5f, -1f}, 2, 3);
        int[] labels = {2, 0};
        double row0 = -(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)));
        double row1 = -(0.5 - Math.log(2 * Math.exp(0.5) + Math.exp(-1)));
        assertEquals((row0 + row1) / 2, Losses.crossEntropy(Variable.constant(logits), labels, Reduction.MEAN).value().get(0), 1e-6);
        assertEquals(row0 + row1, Losses.crossEntropy(Variable.constant(logits), labels, Reduction.SUM).value().get(0), 1e-5);
        for (Reduction r : Reduction.values()) {
            assertGradient(GradCheck.check(v -> Losses.crossEntropy(v[0], new int[] {1, 4, 0, 2, 2}, r), 1e-2,
                    random(1, -3f, 3f, 5, 5)));
        }
    }

    @Test
    void crossEntropyIsStableForExtremeLogits() {
        Tensor logits = Tensor.of(new float[] {1000f, 0f, -1000f, 0f}, 2, 2);
        Variable z = Variable.parameter(logits);
        Variable loss = Losses.crossEntropy(z, new int[] {1, 0}, Reduction.SUM);
        assertEquals(2000f, loss.value().get(0), 1e-3);          // each row's label is 1000 below its best
        assertEquals(0f, Losses.crossEntropy(Variable.constant(logits), new int[] {0, 1}, Reduction.SUM).value().get(0), 1e-6);
        loss.backward();
        for (float g : z.grad().toArray()) {
            assertTrue(Float.isFinite(g));
        }
    }

    @Test
    void negativeLogLikelihoodPicksTheLabelledLogProbabilities() {
        Tensor lp = Tensor.of(new float[] {-0.1f, -2.3f, -1.2f, -0.4f}, 2, 2);
        assertEquals((0.1f + 0.4f) / 2, Losses.negativeLogLikelihood(Variable.constant(lp), new int[] {0, 1}, Reduction.MEAN)
                .value().get(0), 1e-7);
        assertGradient(GradCheck.check(v -> Losses.negativeLogLikelihood(v[0], new int[] {1, 0, 2}, Reduction.SUM), 1e-2,
                random(2, -3f, 0f, 3, 3)));
    }

    @Test
    void binaryCrossEntropyWithLogitsMatchesTheLogForm() {
        Tensor z = Tensor.of(new float[] {-2f, 0.5f, 40f}, 3);
        Tensor t = Tensor.of(new float[] {0f, 1f, 0.25f}, 3);
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            double p = 1 / (1 + Math.exp(-z.get(i)));
            expected -= t.get(i) * Math.log(p) + (1 - t.get(i)) * (i == 2 ? -40 - Math.log1p(Math.exp(-40)) : Math.log(1 - p));
        }
        assertEquals(expected / 3, Losses.binaryCrossEntropyWithLogits(Variable.constant(z), t, Reduction.MEAN).value().get(0), 1e-4);
        assertGradient(GradCheck.check(v -> Losses.binaryCrossEntropyWithLogits(v[0], random(3, 0f, 1f, 4, 3), Reduction.MEAN),
                1e-2, random(4, -4f, 4f, 4, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.binaryCrossEntropyWithLogits(Variable.constant(z), Tensor.of(new float[] {0f, 2f, 1f}, 3), Reduction.SUM));
    }

    @Test
    void hingePenalisesOnlyViolatedMargins() {
        Tensor scores = Tensor.of(new float[] {2f, 0.3f, -0.5f, -1.5f}, 4);
        Tensor labels = Tensor.of(new float[] {1f, 1f, 1f, -1f}, 4);
        assertEquals(0f + 0.7f + 1.5f + 0f, Losses.hinge(Variable.constant(scores), labels, Reduction.SUM).value().get(0), 1e-6);
        assertGradient(GradCheck.check(v -> Losses.hinge(v[0], labels, Reduction.MEAN), 1e-2, scores));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.hinge(Variable.constant(scores), Tensor.of(new float[] {1f, 0f, 1f, 1f}, 4), Reduction.SUM));
    }

    @Test
    void meanSquaredErrorAndBadShapes() {
        Tensor y = random(5, -1f, 1f, 6, 2);
        Tensor t = random(6, -1f, 1f, 6, 2);
        assertGradient(GradCheck.check(v -> Losses.meanSquaredError(v[0], t, Reduction.MEAN), 1e-2, y));
        assertThrows(ShapeException.class, () -> Losses.meanSquaredError(Variable.constant(y), Tensor.zeros(2, 6), Reduction.SUM));
        assertThrows(ShapeException.class, () -> Losses.crossEntropy(Variable.constant(Tensor.zeros(3, 4)), new int[] {0, 1}, Reduction.SUM));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(Variable.constant(Tensor.zeros(2, 4)), new int[] {0, 4}, Reduction.SUM));
        assertTrue(e.getMessage().contains("label 1 is 4"), e.getMessage());
    }
}
