package deepvec.nn.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The nonlinearities added for the layers of section 6.3: values against Math, gradients against central differences. */
class ActivationOpsTest {

    private static final double H = 1e-2;
    private static final double TOLERANCE = 2e-3;

    private static void assertGradients(Function<Variable[], Variable> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, H, inputs);
        assertTrue(r.maxError() < TOLERANCE, "max error " + r.maxError() + " at " + r.where());
    }

    /** Values of magnitude 0.2 .. 1 with random signs, away from the kinks. */
    private static Tensor awayFromZero(long seed, int... shape) {
        Tensor t = Rng.seeded(seed).uniform(0.2f, 1f, shape);
        Tensor signs = Rng.seeded(seed + 1).uniform(0f, 1f, shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = signs.data()[i] < 0.5f ? -t.data()[i] : t.data()[i];
        }
        return t;
    }

    @Test
    void leakyReluAndPreluValuesAndGradients() {
        Tensor x = awayFromZero(1, 4, 3);
        Tensor y = Ops.leakyRelu(Variable.constant(x), 0.1f).value();
        for (int i = 0; i < x.size(); i++) {
            float v = x.data()[i];
            assertEquals(v > 0 ? v : 0.1f * v, y.data()[i], 1e-7f);
        }
        assertGradients(v -> Ops.leakyRelu(v[0], 0.1f), x);
        Tensor alpha = Tensor.of(new float[] {0.25f, -0.5f, 0.1f}, 3);
        Tensor p = Ops.prelu(Variable.constant(x), Variable.constant(alpha)).value();
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 3; c++) {
                float v = x.get(r, c);
                assertEquals(Math.max(0, v) + alpha.get(c) * Math.min(0, v), p.get(r, c), 1e-7f);
            }
        }
        assertGradients(v -> Ops.prelu(v[0], v[1]), x, alpha);
    }

    @Test
    void softplusSoftmaxAndLogSoftmax() {
        Tensor x = Rng.seeded(3).uniform(-3f, 3f, 5, 4);
        Tensor sp = Ops.softplus(Variable.constant(x)).value();
        for (int i = 0; i < x.size(); i++) {
            assertEquals(Math.log1p(Math.exp(x.data()[i])), sp.data()[i], 1e-6);
        }
        assertGradients(v -> Ops.softplus(v[0]), x);
        Tensor s = Ops.softmax(Variable.constant(x)).value();
        for (int r = 0; r < 5; r++) {
            double z = 0;
            for (int c = 0; c < 4; c++) {
                z += Math.exp(x.get(r, c));
            }
            for (int c = 0; c < 4; c++) {
                assertEquals(Math.exp(x.get(r, c)) / z, s.get(r, c), 1e-6);
            }
        }
        assertGradients(v -> Ops.mul(Ops.softmax(v[0]), v[1]), x, Rng.seeded(4).uniform(-1f, 1f, 5, 4));
        assertGradients(v -> Ops.mul(Ops.logSoftmax(v[0]), v[1]), x, Rng.seeded(5).uniform(-1f, 1f, 5, 4));
        assertGradients(v -> Ops.scale(v[0], -2.5f), x);
    }

    @Test
    void groupMaxPicksEachGroupsMaximumAndRoutesTheGradientToIt() {
        // distinct values 0.1 apart, shuffled, so no finite-difference step changes a winner
        int n = 3;
        int width = 8;
        Tensor x = Tensor.zeros(n, width);
        Rng rng = Rng.seeded(6);
        for (int i = 0; i < n * width; i++) {
            x.data()[i] = 0.1f * i - 1f;
        }
        for (int i = n * width - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            float t = x.data()[i];
            x.data()[i] = x.data()[j];
            x.data()[j] = t;
        }
        Tensor y = Ops.groupMax(Variable.constant(x), 4).value();
        assertArrayEquals(new int[] {n, 2}, y.shape());
        for (int r = 0; r < n; r++) {
            for (int g = 0; g < 2; g++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < 4; j++) {
                    max = Math.max(max, x.get(r, g * 4 + j));
                }
                assertEquals(max, y.get(r, g));
            }
        }
        assertGradients(v -> Ops.groupMax(v[0], 4), x);
        assertThrows(ShapeException.class, () -> Ops.groupMax(Variable.constant(x), 3));
    }

    @Test
    void gradientWithRespectToOneInputLeavesAccumulatedGradientsAlone() {
        Variable w = Variable.parameter(Rng.seeded(7).uniform(-1f, 1f, 3, 2));
        Variable x = Variable.parameter(Rng.seeded(8).uniform(-1f, 1f, 4, 3));
        Variable loss = Ops.sum(Ops.square(Ops.matmul(x, w)));
        Tensor dx = loss.gradientWith(x);
        assertEquals(null, w.grad(), "no parameter gradient is accumulated");
        loss.backward();
        assertArrayEquals(x.grad().toArray(), dx.toArray(), 0f);
        assertArrayEquals(new float[4 * 3], Ops.sum(w).gradientWith(x).toArray(), "an input the value does not depend on");
    }
}
