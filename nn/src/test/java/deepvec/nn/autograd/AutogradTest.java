package deepvec.nn.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.optim.Optimizer;
import deepvec.nn.optim.Sgd;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.linalg.LinearAlgebra;
import deepvec.simd.linalg.Matrix;
import deepvec.simd.random.Rng;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every op's backward rule against central differences, plus the engine's bookkeeping. */
class AutogradTest {

    private static final double H = 1e-2;
    private static final double TOLERANCE = 2e-3;

    private static Tensor random(long seed, int... shape) {
        return Rng.seeded(seed).uniform(-1f, 1f, shape);
    }

    /** Values in [0.2, 1] with random signs: away from the kink of relu. */
    private static Tensor awayFromZero(long seed, int... shape) {
        Tensor t = Rng.seeded(seed).uniform(0.2f, 1f, shape);
        Tensor signs = Rng.seeded(seed + 1).uniform(0f, 1f, shape);
        for (int i = 0; i < t.size(); i++) {
            if (signs.data()[i] < 0.5f) {
                t.data()[i] = -t.data()[i];
            }
        }
        return t;
    }

    private static void assertGradients(Function<Variable[], Variable> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, H, inputs);
        assertTrue(r.maxError() < TOLERANCE, "max error " + r.maxError() + " at " + r.where());
    }

    @Test
    void arithmeticWithBroadcasting() {
        assertGradients(v -> Ops.add(v[0], v[1]), random(1, 4, 5), random(2, 5));
        assertGradients(v -> Ops.sub(v[0], v[1]), random(3, 4, 1), random(4, 3, 4, 6));
        assertGradients(v -> Ops.mul(v[0], v[1]), random(5, 2, 3, 4), random(6, 3, 1));
        assertGradients(v -> Ops.square(v[0]), random(7, 7, 3));
    }

    @Test
    void matrixProductIncludingSkinnyShapes() {
        assertGradients(v -> Ops.matmul(v[0], v[1]), random(8, 5, 7), random(9, 7, 3));
        assertGradients(v -> Ops.matmul(v[0], v[1]), random(10, 13, 40), random(11, 40, 10));
    }

    @Test
    void activationsAndReductions() {
        assertGradients(v -> Ops.relu(v[0]), awayFromZero(12, 6, 9));
        assertGradients(v -> Ops.abs(v[0]), awayFromZero(22, 6, 9));
        assertGradients(v -> Ops.sigmoid(v[0]), random(13, 6, 9));
        assertGradients(v -> Ops.tanh(v[0]), random(14, 6, 9));
        assertGradients(v -> Ops.sum(v[0]), random(15, 3, 4));
        assertGradients(v -> Ops.mean(v[0]), random(16, 3, 4));
    }

    @Test
    void twoLayerNetworkLoss() {
        Tensor x = random(17, 8, 5);
        Tensor target = random(18, 8, 2);
        assertGradients(v -> {
            Variable hidden = Ops.tanh(Ops.add(Ops.matmul(Variable.constant(x), v[0]), v[1]));
            Variable out = Ops.sigmoid(Ops.matmul(hidden, v[2]));
            return Ops.mean(Ops.square(Ops.sub(out, Variable.constant(target))));
        }, random(19, 5, 6), random(20, 6), random(21, 6, 2));
    }

    @Test
    void gradientsAccumulateAcrossBackwardPassesAndShareReusedNodes() {
        Variable w = Variable.parameter(Tensor.of(new float[] {3f}, 1));
        Variable y = Ops.mul(w, w);                            // dy/dw = 2w = 6, w used twice
        y.backward(Tensor.full(1f, 1), true);                  // keep the graph: y is used again
        assertArrayEquals(new float[] {6f}, w.grad().toArray());
        Ops.add(y, y).backward();                              // + 12
        assertArrayEquals(new float[] {18f}, w.grad().toArray());
        w.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void aSecondBackwardPassThroughAFreedGraphIsAClearError() {
        Variable w = Variable.parameter(Tensor.of(new float[] {3f}, 1));
        Variable y = Ops.sum(Ops.mul(w, w));
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void changingAnInputInPlaceAfterTheForwardPassIsDetected() {
        Variable w = Variable.parameter(Tensor.of(new float[] {3f, -1f}, 2));
        Variable loss = Ops.sum(Ops.mul(w, w));
        Optimizer sgd = new Sgd(Map.of("w", w), 0.1f);
        Ops.sum(Ops.square(w)).backward();
        sgd.step();                                             // w changes in place: loss's graph is stale
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("changed in place"), e.getMessage());
        assertEquals(1, w.version());
    }

    @Test
    void gradientsSetFromOutsideAutogradAccumulateAndAreCheckedAndFrozenParametersGetNone() {
        Variable w = Variable.parameter(Tensor.zeros(2, 3));
        w.accumulateGrad(Tensor.full(1f, 2, 3));
        w.accumulateGrad(Tensor.full(0.5f, 2, 3));
        assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f, 1.5f, 1.5f, 1.5f}, w.grad().toArray());
        assertThrows(ShapeException.class, () -> w.accumulateGrad(Tensor.zeros(3, 2)));
        assertThrows(IllegalStateException.class, () -> Ops.mul(w, w).accumulateGrad(Tensor.zeros(2, 3)));
        w.setRequiresGrad(false);
        assertNull(w.grad(), "freezing forgets the gradient");
        assertThrows(IllegalStateException.class, () -> w.accumulateGrad(Tensor.zeros(2, 3)));
        Variable other = Variable.parameter(Tensor.full(1f, 2, 3));
        Ops.sum(Ops.mul(w, other)).backward();
        assertNull(w.grad(), "a frozen parameter gets no gradient");
        assertTrue(other.grad() != null);
    }

    @Test
    void noGradAndDetachStopTheGraph() {
        Variable w = Variable.parameter(Tensor.of(new float[] {2f}, 1));
        Variable untracked = Autograd.noGrad(() -> Ops.mul(w, w));
        assertFalse(untracked.requiresGrad());
        assertThrows(IllegalStateException.class, untracked::backward);
        assertTrue(Autograd.isEnabled());
        Variable partly = Ops.mul(w, w.detach());              // d/dw = detached w = 2
        partly.backward();
        assertArrayEquals(new float[] {2f}, w.grad().toArray());
        assertThrows(ShapeException.class, () -> Ops.add(w, Variable.constant(Tensor.zeros(3))).backward());
    }

    @Test
    void deepChainsNeedNoRecursion() {
        Variable w = Variable.parameter(Tensor.of(new float[] {1f}, 1));
        Variable x = w;
        for (int i = 0; i < 20_000; i++) {
            x = Ops.add(x, w);
        }
        x.backward();
        assertEquals(20_001f, w.grad().get(0));
    }

    @Test
    void gradientDescentReachesTheLeastSquaresSolution() {
        Tensor x = random(24, 64, 3);
        Tensor y = random(25, 64, 1);
        Variable w = Variable.parameter(Tensor.zeros(3, 1));
        for (int step = 0; step < 2000; step++) {
            Variable loss = Ops.mean(Ops.square(Ops.sub(Ops.matmul(Variable.constant(x), w), Variable.constant(y))));
            w.zeroGrad();
            loss.backward();
            float[] values = w.value().data();
            for (int i = 0; i < 3; i++) {
                values[i] -= 0.5f * w.grad().data()[i];
            }
        }
        Matrix design = toMatrix(x);
        Matrix exact = LinearAlgebra.pseudoInverse(design).multiply(toMatrix(y));   // normal equations, eq. 5.12
        for (int i = 0; i < 3; i++) {
            assertEquals(exact.get(i, 0), w.value().get(i, 0), 1e-4);
        }
    }

    private static Matrix toMatrix(Tensor t) {
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.data()[i];
        }
        return Matrix.of(t.dim(0), t.dim(1), d);
    }
}
