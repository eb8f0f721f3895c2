package deepvec.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoolTest {

    @Test
    void maxPoolPicksWindowMaximaAndRoutesGradients() {
        float[] in = {
            1, 2, 5, 3,
            4, 0, 1, 1,
            9, 8, 7, 6,
            5, 4, 3, 10,
        };
        PoolGeometry g = PoolGeometry.of(4, 4, 2, 2, 0);
        float[] out = new float[4];
        int[] argmax = new int[4];
        Pool.maxForward(g, in, 0, 1, out, 0, argmax);
        assertArrayEquals(new float[] {4, 5, 9, 10}, out);
        assertArrayEquals(new int[] {4, 2, 8, 15}, argmax);
        float[] grad = new float[16];
        Pool.maxBackward(g, new float[] {1, 2, 3, 4}, 0, argmax, 1, grad, 0);
        assertEquals(1f, grad[4]);
        assertEquals(4f, grad[15]);
        assertEquals(10f, sum(grad));
    }

    @Test
    void unpaddedWindowsMatchANaiveMaximumOverSeveralPlanes() {
        assertNaiveMaximum(new PoolGeometry(7, 8, 3, 2, 2, 3, 0, 0));   // overlapping rows
        assertNaiveMaximum(new PoolGeometry(7, 8, 2, 2, 2, 2, 0, 0));   // the 2 x 2 fast path, odd height
    }

    private static void assertNaiveMaximum(PoolGeometry g) {
        SplittableRandom r = new SplittableRandom(5);
        int planes = 3;
        float[] in = new float[planes * 56];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) r.nextDouble();
        }
        in[56 + 9] = Float.NaN;
        in[2 * 56 + 17] = 0.5f;                          // a tie in the second row of a window
        in[2 * 56 + 16] = 0.5f;
        in[2 * 56 + 8] = 0.5f;
        int outPlane = g.outHeight() * g.outWidth();
        float[] out = new float[planes * outPlane + 1];
        int[] argmax = new int[planes * outPlane];
        Pool.maxForward(g, in, 0, planes, out, 1, argmax);
        for (int p = 0; p < planes; p++) {
            for (int oh = 0; oh < g.outHeight(); oh++) {
                for (int ow = 0; ow < g.outWidth(); ow++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int where = -1;
                    boolean nan = false;
                    for (int h = oh * g.strideH(); h < oh * g.strideH() + g.kernelH(); h++) {
                        for (int w = ow * g.strideW(); w < ow * g.strideW() + g.kernelW(); w++) {
                            float v = in[p * 56 + h * 8 + w];
                            if (!nan && (Float.isNaN(v) || v > best)) {
                                best = v;
                                where = h * 8 + w;
                                nan = Float.isNaN(v);
                            }
                        }
                    }
                    int o = p * outPlane + oh * g.outWidth() + ow;
                    assertEquals(best, out[1 + o], "plane " + p + " window " + oh + "," + ow);
                    assertEquals(where, argmax[o]);
                }
            }
        }
    }

    @Test
    void paddedWindowsIgnorePaddingAndPropagateNaN() {
        float[] in = {-1, -2, -3, -4};                  // 2 x 2, all negative: padding (as 0) must not win
        PoolGeometry g = PoolGeometry.of(2, 2, 3, 1, 1);
        float[] out = new float[4];
        int[] argmax = new int[4];
        Pool.maxForward(g, in, 0, 1, out, 0, argmax);
        assertArrayEquals(new float[] {-1, -1, -1, -1}, out);
        in[3] = Float.NaN;
        Pool.maxForward(g, in, 0, 1, out, 0, argmax);
        assertTrue(Float.isNaN(out[0]));
        float[] avgOut = new float[4];
        Pool.avgForward(g, false, new float[] {1, 2, 3, 4}, 0, 1, avgOut, 0);
        assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f, 2.5f}, avgOut);
        Pool.avgForward(g, true, new float[] {1, 2, 3, 4}, 0, 1, avgOut, 0);
        assertArrayEquals(new float[] {10f / 9, 10f / 9, 10f / 9, 10f / 9}, avgOut, 1e-6f);
    }

    @Test
    void averagePoolBackwardIsTheAdjointOfForward() {
        SplittableRandom r = new SplittableRandom(1);
        for (boolean countPadding : new boolean[] {false, true}) {
            PoolGeometry g = new PoolGeometry(7, 9, 3, 2, 2, 2, 1, 1);
            int planes = 3;
            float[] x = new float[planes * 63];
            float[] y = new float[planes * g.outHeight() * g.outWidth()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble();
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) r.nextDouble();
            }
            float[] ax = new float[y.length];
            Pool.avgForward(g, countPadding, x, 0, planes, ax, 0);
            float[] aty = new float[x.length];
            Pool.avgBackward(g, countPadding, y, 0, planes, aty, 0);
            assertEquals(dot(ax, y), dot(x, aty), 1e-4);
        }
    }

    @Test
    void rejectsBadGeometryAndShortArrays() {
        assertThrows(ShapeException.class, () -> PoolGeometry.of(4, 4, 2, 2, 2));
        assertThrows(ShapeException.class, () -> PoolGeometry.of(4, 4, 0, 2, 0));
        PoolGeometry g = PoolGeometry.of(4, 4, 2, 2, 0);
        assertThrows(ShapeException.class, () -> Pool.avgForward(g, false, new float[15], 0, 1, new float[4], 0));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static float sum(float[] a) {
        float s = 0;
        for (float v : a) {
            s += v;
        }
        return s;
    }
}
