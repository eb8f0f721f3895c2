package deepvec.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReduceSoftmaxTest {

    private static Tensor random(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) (r.nextDouble() * 10 - 3);
        }
        return t;
    }

    @Test
    void axisReductionsMatchLoopsInDouble() {
        Tensor x = random(1, 3, 41, 5);
        for (int axis = 0; axis < 3; axis++) {
            Tensor sum = Reduce.sum(x, axis, false);
            Tensor mean = Reduce.mean(x, axis, true);
            Tensor max = Reduce.max(x, axis, false);
            Tensor var = Reduce.variance(x, axis, 1, false);
            int[] arg = Reduce.argmax(x, axis);
            int[] shape = x.shape();
            int n = shape[axis];
            int[] idx = new int[3];
            int out = 0;
            for (int a = 0; a < (axis == 0 ? 1 : shape[0]); a++) {
                for (int b = 0; b < (axis == 1 ? 1 : shape[1]); b++) {
                    for (int c = 0; c < (axis == 2 ? 1 : shape[2]); c++, out++) {
                        double s = 0;
                        double m = Double.NEGATIVE_INFINITY;
                        int am = 0;
                        double[] vals = new double[n];
                        for (int i = 0; i < n; i++) {
                            idx[0] = a; idx[1] = b; idx[2] = c;
                            idx[axis] = i;
                            vals[i] = x.get(idx);
                            s += vals[i];
                            if (vals[i] > m) {
                                m = vals[i];
                                am = i;
                            }
                        }
                        double mu = s / n;
                        double ss = 0;
                        for (double v : vals) {
                            ss += (v - mu) * (v - mu);
                        }
                        assertEquals(s, sum.data()[out], 1e-4);
                        assertEquals(mu, mean.data()[out], 1e-5);
                        assertEquals(m, max.data()[out]);
                        assertEquals(am, arg[out]);
                        assertEquals(ss / (n - 1), var.data()[out], 1e-4);
                    }
                }
            }
        }
        assertArrayEquals(new int[] {3, 1, 5}, Reduce.mean(x, 1, true).shape());
    }

    @Test
    void longColumnSumsKeepFloatPrecisionAndViewsAgree() {
        int rows = 20_000;                                   // several float blocks of slices
        Tensor x = random(11, rows, 3);
        Tensor columns = Reduce.sum(x, 0, true);
        assertArrayEquals(new int[] {1, 3}, columns.shape());
        Tensor viaView = Reduce.sum(x.transpose(0, 1), 1, false); // the strided, row-copy path
        for (int j = 0; j < 3; j++) {
            double expected = 0;
            for (int i = 0; i < rows; i++) {
                expected += x.get(i, j);
            }
            assertEquals(expected, columns.get(0, j), 1e-6 * Math.abs(expected));
            assertEquals(columns.get(0, j), viaView.get(j), 1e-6 * Math.abs(expected));
        }
    }

    @Test
    void wholeTensorReductionsAndTwoPassVarianceWithLargeMean() {
        Tensor x = Tensor.zeros(100_000);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = 10_000f + (i % 2 == 0 ? 1f : -1f);    // variance exactly 1
        }
        assertEquals(10_000f, Reduce.mean(x), 1e-3);
        assertEquals(1f, Reduce.variance(x, 0), 1e-4);           // naive E[x^2]-E[x]^2 fails here
        assertEquals(1_000_000_000f, Reduce.sum(x), 1f);
        double squares = 50_000 * (10_001.0 * 10_001.0 + 9_999.0 * 9_999.0);
        assertEquals(squares, Reduce.sumOfSquares(x), squares * 1e-6);
        assertEquals(1.0 + 4.0 + 9.0, Reduce.sumOfSquares(Tensor.of(new float[] {1f, -2f, 3f, 0f}, 2, 2).transpose(0, 1)));
        assertEquals(10_001f, Reduce.max(x));
        assertEquals(0, Reduce.argmax(x));
        assertThrows(ShapeException.class, () -> Reduce.max(Tensor.zeros(0)));
    }

    @Test
    void softmaxIsStableAndNormalised() {
        Tensor x = random(2, 4, 7, 3);
        for (int axis = 0; axis < 3; axis++) {
            Tensor p = Softmax.softmax(x, axis);
            Tensor logp = Softmax.logSoftmax(x, axis);
            Tensor lse = Softmax.logSumExp(x, axis, true);
            Tensor sums = Reduce.sum(p, axis, false);
            for (float s : sums.toArray()) {
                assertEquals(1f, s, 1e-6);
            }
            Tensor shift = Elementwise.sub(x, lse);                          // x - lse = log p
            assertArrayEquals(shift.toArray(), logp.toArray(), 1e-5f);
            float[] pe = p.toArray();
            float[] lp = logp.toArray();
            for (int i = 0; i < pe.length; i++) {
                assertEquals(Math.exp(lp[i]), pe[i], 1e-6);
            }
        }
        Tensor huge = Tensor.of(new float[] {1000f, 1000f, -1000f}, 3);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, Softmax.softmax(huge, 0).toArray(), 1e-7f);
        assertEquals(1000f + (float) Math.log(2), Softmax.logSumExp(huge, 0, false).get(), 1e-3);
        Tensor minusInf = Tensor.full(Float.NEGATIVE_INFINITY, 4);
        assertEquals(Float.NEGATIVE_INFINITY, Softmax.logSumExp(minusInf, -1, false).get());
        assertTrue(Float.isNaN(Softmax.softmax(Tensor.of(new float[] {Float.NaN, 1}, 2), 0).get(1)));
    }
}
