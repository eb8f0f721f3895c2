package deepvec.nn.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.simd.IntTensor;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The primitives the sequence and probabilistic models build on, each against central
 * differences (one expression per assertion) and its forward value against a direct
 * computation where one is not obvious.
 */
class PrimitivesTest {

    private static Tensor random(long seed, int... shape) {
        return Rng.seeded(seed).uniform(-1f, 1f, shape);
    }

    private static Tensor positive(long seed, int... shape) {
        return Rng.seeded(seed).uniform(0.5f, 2f, shape);
    }

    private static void assertGradients(Function<Variable[], Variable> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, 1e-2, inputs);
        assertTrue(r.maxError() < 3e-3, "max error " + r.maxError() + " at " + r.where());
    }

    @Test
    void elementwiseArithmeticAndTranscendentals() {
        assertGradients(v -> Ops.neg(v[0]), random(1, 3, 4));
        assertGradients(v -> Ops.div(v[0], v[1]), random(2, 3, 4), positive(3, 4));
        assertGradients(v -> Ops.div(v[0], v[1]), positive(4, 2, 1), positive(5, 2, 5));
        assertGradients(v -> Ops.exp(v[0]), random(6, 5, 2));
        assertGradients(v -> Ops.log(v[0]), positive(7, 5, 2));
        assertGradients(v -> Ops.sqrt(v[0]), positive(8, 4, 3));
        assertGradients(v -> Ops.pow(v[0], 2.5f), positive(9, 4, 3));
        assertGradients(v -> Ops.pow(v[0], -1f), positive(10, 6));
        assertEquals(0.25f, Ops.pow(Variable.constant(Tensor.of(new float[] {4f}, 1)), -1f).value().get(0));
    }

    @Test
    void clampPassesTheGradientOnlyInsideTheBounds() {
        Tensor x = Tensor.of(new float[] {-2f, -0.3f, 0.2f, 0.7f, 3f}, 5);
        assertGradients(v -> Ops.clamp(v[0], -0.5f, 0.5f), x);
        Variable p = Variable.parameter(x);
        Ops.sum(Ops.clamp(p, -0.5f, 0.5f)).backward();
        assertArrayEquals(new float[] {0, 1, 1, 0, 0}, p.grad().toArray());
        assertArrayEquals(new float[] {-0.5f, -0.3f, 0.2f, 0.5f, 0.5f}, Ops.clamp(Variable.constant(x), -0.5f, 0.5f).value().toArray());
        assertThrows(IllegalArgumentException.class, () -> Ops.clamp(p, 1f, 0f));
    }

    @Test
    void whereRoutesValuesAndGradientsByTheMask() {
        Tensor mask = Tensor.of(new float[] {1, 0, 1}, 3);      // broadcast over the rows
        assertGradients(v -> Ops.where(mask, v[0], v[1]), random(11, 2, 3), random(12, 2, 3));
        Variable a = Variable.parameter(Tensor.full(5f, 2, 3));
        Variable b = Variable.parameter(Tensor.full(-5f, 2, 3));
        Variable y = Ops.where(mask, a, b);
        assertArrayEquals(new float[] {5, -5, 5, 5, -5, 5}, y.value().toArray());
        Ops.sum(y).backward();
        assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1}, a.grad().toArray());
        assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0}, b.grad().toArray());
        assertThrows(ShapeException.class, () -> Ops.where(mask, a, Variable.constant(Tensor.zeros(3))));
    }

    @Test
    void reductionsAlongAnAxis() {
        for (boolean keep : new boolean[] {true, false}) {
            assertGradients(v -> Ops.sum(v[0], 1, keep), random(13, 3, 4, 2));
            assertGradients(v -> Ops.mean(v[0], 0, keep), random(14, 3, 4));
            assertGradients(v -> Ops.max(v[0], -1, keep), random(15, 4, 5));
            assertGradients(v -> Ops.logSumExp(v[0], 1, keep), random(16, 3, 5, 2));
        }
        Tensor x = random(17, 2, 4);
        Tensor lse = Ops.logSumExp(Variable.constant(x), 1, false).value();
        for (int r = 0; r < 2; r++) {
            double sum = 0;
            for (int c = 0; c < 4; c++) {
                sum += Math.exp(x.get(r, c));
            }
            assertEquals(Math.log(sum), lse.get(r), 1e-6);
        }
        assertArrayEquals(new int[] {2, 1}, Ops.max(Variable.constant(x), 1, true).value().shape());
        assertThrows(ShapeException.class, () -> Ops.sum(Variable.constant(x), 2, false));
    }

    @Test
    void viewsSlicesAndJoins() {
        assertGradients(v -> Ops.square(ShapeOps.transpose(v[0], 0, 2)), random(18, 2, 3, 4));
        assertGradients(v -> Ops.square(ShapeOps.permute(v[0], 2, 0, 1)), random(19, 2, 3, 4));
        assertGradients(v -> Ops.square(ShapeOps.reshape(v[0], 6, 4)), random(20, 2, 3, 4));
        assertGradients(v -> Ops.square(ShapeOps.slice(v[0], 1, 1, 3)), random(21, 2, 4, 3));
        assertGradients(v -> Ops.square(ShapeOps.concat(1, v[0], v[1])), random(22, 2, 3), random(23, 2, 5));
        assertGradients(v -> Ops.square(ShapeOps.stack(1, v[0], v[1], v[2])), random(24, 2, 3), random(25, 2, 3), random(26, 2, 3));
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new float[] {5, 6}, 2, 1);
        assertArrayEquals(new float[] {1, 2, 5, 3, 4, 6},
                ShapeOps.concat(1, Variable.constant(a), Variable.constant(b)).value().contiguous().toArray());
        Tensor stacked = ShapeOps.stack(0, Variable.constant(a), Variable.constant(a)).value();
        assertArrayEquals(new int[] {2, 2, 2}, stacked.shape());
        assertThrows(ShapeException.class, () -> ShapeOps.concat(0, Variable.constant(a), Variable.constant(Tensor.zeros(2, 3))));
    }

    @Test
    void gatherAndScatterAddAreAdjoint() {
        IntTensor index = IntTensor.vector(2, 0, 2, 1);            // row 2 twice: its gradient adds up
        assertGradients(v -> Ops.square(ShapeOps.indexSelect(v[0], 0, index)), random(27, 3, 4));
        assertGradients(v -> Ops.square(ShapeOps.indexSelect(v[0], 1, index)), random(28, 2, 3));
        assertGradients(v -> Ops.square(ShapeOps.scatterAdd(v[0], 0, index, 5)), random(29, 4, 2));
        Variable table = Variable.parameter(Tensor.of(new float[] {0, 1, 10, 11, 20, 21}, 3, 2));
        IntTensor ids = IntTensor.of(new int[] {2, 2, 0, 1, 2, 0}, 2, 3);
        Variable embedded = ShapeOps.embedding(table, ids);
        assertArrayEquals(new int[] {2, 3, 2}, embedded.value().shape());
        assertArrayEquals(new float[] {20, 21, 20, 21, 0, 1, 10, 11, 20, 21, 0, 1}, embedded.value().contiguous().toArray());
        Ops.sum(embedded).backward();
        assertArrayEquals(new float[] {2, 2, 1, 1, 3, 3}, table.grad().toArray(), "each row's gradient counts its uses");
        assertThrows(IndexOutOfBoundsException.class, () -> ShapeOps.embedding(table, IntTensor.vector(3)));
    }

    @Test
    void fusedLayersGiveTheBitsOfTheSeparateOps() {
        Tensor x = random(30, 9, 13);
        Tensor w = random(31, 13, 6);
        Tensor b = random(32, 6);
        for (boolean rectify : new boolean[] {false, true}) {
            Variable[] fused = {Variable.parameter(x), Variable.parameter(w), Variable.parameter(b)};
            Variable[] plain = {Variable.parameter(x), Variable.parameter(w), Variable.parameter(b)};
            Variable y = Ops.linear(fused[0], fused[1], fused[2], rectify);
            Variable z = Ops.add(Ops.matmul(plain[0], plain[1]), plain[2]);
            z = rectify ? Ops.relu(z) : z;
            assertArrayEquals(z.value().toArray(), y.value().toArray(), 0f, "values, rectify " + rectify);
            Ops.sum(Ops.square(y)).backward();
            Ops.sum(Ops.square(z)).backward();
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(plain[i].grad().toArray(), fused[i].grad().toArray(), 0f, "gradient " + i + ", rectify " + rectify);
            }
        }
        Tensor images = random(33, 2, 3, 6, 6);
        Tensor kernel = random(34, 4, 3, 3, 3);
        Tensor bias = random(35, 4);
        int[] one = {1, 1};
        Variable[] fused = {Variable.parameter(images), Variable.parameter(kernel), Variable.parameter(bias)};
        Variable[] plain = {Variable.parameter(images), Variable.parameter(kernel), Variable.parameter(bias)};
        Variable y = ImageOps.conv2dRelu(fused[0], fused[1], fused[2], one, one, one, 1);
        Variable z = Ops.relu(ImageOps.conv2d(plain[0], plain[1], plain[2], one, one, one, 1));
        assertArrayEquals(z.value().toArray(), y.value().toArray(), 0f);
        Ops.sum(Ops.square(y)).backward();
        Ops.sum(Ops.square(z)).backward();
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(plain[i].grad().toArray(), fused[i].grad().toArray(), 0f, "convolution gradient " + i);
        }
        assertGradients(v -> Ops.linear(v[0], v[1], v[2], true), random(36, 4, 5), random(37, 5, 3), random(38, 3));
        deepvec.simd.PoolGeometry pool = deepvec.simd.PoolGeometry.of(6, 6, 2, 2, 0);
        Variable a = Variable.parameter(images);
        Variable c = Variable.parameter(images);
        Variable pooled = ImageOps.maxPool2dOfRelu(a, pool);
        Variable reference = ImageOps.maxPool2d(Ops.relu(c), pool);
        assertArrayEquals(reference.value().toArray(), pooled.value().toArray(), 0f);
        Ops.sum(Ops.square(pooled)).backward();
        Ops.sum(Ops.square(reference)).backward();
        assertArrayEquals(c.grad().toArray(), a.grad().toArray(), 0f, "pooling of relu, gradient");
    }

    @Test
    void aBackwardRuleThatReturnsTheWrongGradientsIsNamed() {
        Variable x = Variable.parameter(Tensor.zeros(2, 3));
        Variable wrongShape = Ops.define("broken", Tensor.zeros(2, 3), g -> new Tensor[] {Tensor.zeros(3, 2)}, x);
        IllegalStateException shape = assertThrows(IllegalStateException.class, () -> Ops.sum(wrongShape).backward());
        assertTrue(shape.getMessage().contains("broken") && shape.getMessage().contains("[3, 2]"), shape.getMessage());
        Variable wrongCount = Ops.define("short", Tensor.zeros(2, 3), g -> new Tensor[0], x);
        IllegalStateException count = assertThrows(IllegalStateException.class, () -> Ops.sum(wrongCount).backward());
        assertTrue(count.getMessage().contains("short") && count.getMessage().contains("0 gradients"), count.getMessage());
    }

    @Test
    void gradientsNobodyNeedsAreNotComputed() {
        boolean[][] asked = new boolean[1][];
        Variable w = Variable.parameter(Tensor.full(2f, 3));
        Variable mask = Variable.constant(Tensor.full(1f, 3));
        Variable y = Ops.primitive("probe", Tensor.zeros(3), (g, needed) -> {
            asked[0] = needed.clone();
            return new Tensor[] {g, null};
        }, w, mask);
        Ops.sum(y).backward();
        assertArrayEquals(new boolean[] {true, false}, asked[0]);
    }
}
