package deepvec.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ElementwiseTest {

    private static Tensor random(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return t;
    }

    /** op(a, b) element by element through get(), the oracle for broadcasting. */
    private static void assertBroadcast(BinaryOp op, Tensor a, Tensor b) {
        Tensor y = Elementwise.binary(op, a, b);
        int[] shape = y.shape();
        Tensor ab = a.broadcastTo(shape);
        Tensor bb = b.broadcastTo(shape);
        int[] idx = new int[shape.length];
        for (int flat = 0; flat < y.size(); flat++) {
            for (int d = shape.length - 1, rem = flat; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            float x1 = ab.get(idx);
            float x2 = bb.get(idx);
            float expected = switch (op) {
                case ADD -> x1 + x2;
                case SUB -> x1 - x2;
                case MUL -> x1 * x2;
                case DIV -> x1 / x2;
                case MAXIMUM -> Math.max(x1, x2);
                case LESS -> x1 < x2 ? 1f : 0f;
                case WHERE_POSITIVE -> x2 > 0f ? x1 : 0f;
            };
            assertEquals(expected, y.get(idx), op + " at " + flat);
        }
    }

    @Test
    void broadcastingMatchesElementByElementEvaluation() {
        for (BinaryOp op : BinaryOp.values()) {
            assertBroadcast(op, random(1, 5, 37), random(2, 37));             // bias row
            assertBroadcast(op, random(3, 5, 37), random(4, 5, 1));           // per-row scalar
            assertBroadcast(op, random(5, 3, 1, 19), random(6, 4, 1));        // both stretch
            assertBroadcast(op, random(7, 6, 33).transpose(0, 1), random(8, 6)); // strided a
            assertBroadcast(op, random(9, 2, 3, 4), Tensor.scalar(1.5f));
        }
    }

    @Test
    void fmaAndScalarOpsAndInPlaceUpdates() {
        Tensor a = random(10, 4, 9);
        Tensor b = random(11, 9);
        Tensor c = random(12, 4, 1);
        Tensor y = Elementwise.fma(a, b, c);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 9; j++) {
                assertEquals(Math.fma(a.get(i, j), b.get(j), c.get(i, 0)), y.get(i, j));
            }
        }
        Tensor x = random(13, 50);
        float[] before = x.toArray();
        Elementwise.binary(BinaryOp.ADD, x, x, x);                  // in place
        for (int i = 0; i < 50; i++) {
            assertEquals(2 * before[i], x.data()[i]);
        }
        assertArrayEquals(new float[] {3, 4}, Elementwise.add(Tensor.of(new float[] {1, 2}, 2), 2f).toArray());
        assertArrayEquals(new float[] {-2, 0.5f}, Elementwise.leakyRelu(Tensor.of(new float[] {-200, 0.5f}, 2), 0.01f).toArray());
    }

    @Test
    void unaryOpsApplyTheFunction() {
        Tensor x = Tensor.of(new float[] {-2f, -0.5f, 0f, 0.5f, 3f}, 5);
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, 3}, Elementwise.relu(x).toArray());
        assertArrayEquals(new float[] {2, 0.5f, 0, 0.5f, 3}, Elementwise.abs(x).toArray());
        float[] sig = Elementwise.sigmoid(x).toArray();
        float[] sp = Elementwise.softplus(x).toArray();
        float[] th = Elementwise.tanh(x).toArray();
        for (int i = 0; i < 5; i++) {
            double v = x.data()[i];
            assertEquals(1 / (1 + Math.exp(-v)), sig[i], 1e-7);
            assertEquals(Math.log1p(Math.exp(v)), sp[i], 1e-6);
            assertEquals(Math.tanh(v), th[i], 1e-7);
            assertEquals(sig[i], 0.5f * Elementwise.tanh(Tensor.scalar((float) v / 2)).get() + 0.5f, 1e-6); // eq. 3.33 identity
        }
        assertEquals(Float.NEGATIVE_INFINITY, Elementwise.log(Tensor.scalar(0f)).get());
        assertEquals(Float.NaN, Elementwise.log(Tensor.scalar(-1f)).get());
        assertEquals(1000f, Elementwise.softplus(Tensor.scalar(1000f)).get());  // no overflow
    }

    @Test
    void shapeErrorsNameBothShapes() {
        ShapeException e = assertThrows(ShapeException.class, () -> Elementwise.add(Tensor.zeros(3, 4), Tensor.zeros(3)));
        assertEquals(true, e.getMessage().contains("[3, 4] and [3]"), e.getMessage());
        assertThrows(ShapeException.class, () -> Elementwise.unary(UnaryOp.EXP, Tensor.zeros(3), Tensor.zeros(4)));
    }
}
