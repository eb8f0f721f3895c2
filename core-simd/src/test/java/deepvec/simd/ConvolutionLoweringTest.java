package deepvec.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * im2col + GEMM against a naive seven-loop convolution, and col2im as the exact adjoint of
 * im2col: {@code <im2col(x), y> == <x, col2im(y)>} for random x and y.
 */
class ConvolutionLoweringTest {

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    @ParameterizedTest(name = "C={0} H={1} W={2} k={3}x{4} s={5}x{6} p={7}x{8} d={9}x{10} g={11} n={12}")
    @CsvSource({
        "1, 28, 28, 3, 3, 1, 1, 1, 1, 1, 1, 1, 2",
        "4, 9, 11, 3, 2, 2, 1, 1, 0, 1, 1, 1, 3",
        "6, 10, 10, 3, 3, 1, 2, 2, 1, 2, 2, 3, 2",
        "4, 7, 8, 1, 1, 1, 1, 0, 0, 1, 1, 2, 1",
        "2, 5, 5, 5, 5, 1, 1, 2, 2, 1, 1, 1, 1",
        "3, 13, 6, 4, 3, 3, 2, 1, 1, 1, 2, 1, 2",
    })
    void convolutionThroughIm2colMatchesNaiveLoops(int c, int h, int w, int kh, int kw, int sh, int sw,
                                                     int ph, int pw, int dh, int dw, int groups, int images) {
        ConvGeometry g = new ConvGeometry(c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, groups);
        SplittableRandom r = new SplittableRandom(c * 100 + h);
        int outC = 2 * groups;
        int outPerGroup = outC / groups;
        float[] x = random(r, images * g.imageSize());
        float[] weights = random(r, outC * g.patchSize());
        int positions = images * g.outHeight() * g.outWidth();
        float[] cols = new float[g.patchSize() * positions];
        float[] y = new float[outC * positions];                 // [outC, images, oh, ow]
        for (int grp = 0; grp < groups; grp++) {
            Im2col.im2col(g, x, 0, images, grp, cols, 0);
            Gemm.sgemm(false, false, outPerGroup, positions, g.patchSize(), 1f,
                    weights, grp * outPerGroup * g.patchSize(), g.patchSize(), cols, 0, positions,
                    0f, y, grp * outPerGroup * positions, positions);
        }
        for (int n = 0; n < images; n++) {
            for (int o = 0; o < outC; o++) {
                int grp = o / outPerGroup;
                for (int oh = 0; oh < g.outHeight(); oh++) {
                    for (int ow = 0; ow < g.outWidth(); ow++) {
                        double sum = 0;
                        for (int ci = 0; ci < g.groupChannels(); ci++) {
                            int channel = grp * g.groupChannels() + ci;
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int ih = oh * sh - ph + i * dh;
                                    int iw = ow * sw - pw + j * dw;
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                                        sum += (double) weights[(o * g.groupChannels() + ci) * kh * kw + i * kw + j]
                                                * x[n * g.imageSize() + (channel * h + ih) * w + iw];
                                    }
                                }
                            }
                        }
                        int pos = (n * g.outHeight() + oh) * g.outWidth() + ow;
                        assertEquals(sum, y[o * positions + pos], 1e-4, "n=" + n + " o=" + o + " oh=" + oh + " ow=" + ow);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"3, 8, 9, 3, 3, 2, 1, 1, 1, 1, 1, 1", "4, 6, 6, 2, 3, 1, 2, 0, 2, 2, 1, 2", "2, 5, 7, 3, 3, 1, 1, 2, 2, 2, 2, 2"})
    void col2imIsTheAdjointOfIm2col(int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int groups) {
        ConvGeometry g = new ConvGeometry(c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, groups);
        SplittableRandom r = new SplittableRandom(7);
        int images = 2;
        int colsSize = g.patchSize() * images * g.outHeight() * g.outWidth();
        for (int grp = 0; grp < groups; grp++) {
            float[] x = random(r, images * g.imageSize());
            float[] y = random(r, colsSize);
            float[] cols = new float[colsSize];
            Im2col.im2col(g, x, 0, images, grp, cols, 0);
            float[] back = new float[x.length];
            Im2col.col2im(g, y, 0, images, grp, back, 0);
            double lhs = 0;
            double rhs = 0;
            for (int i = 0; i < colsSize; i++) {
                lhs += (double) cols[i] * y[i];
            }
            for (int i = 0; i < x.length; i++) {
                rhs += (double) x[i] * back[i];
            }
            assertEquals(lhs, rhs, 1e-4 * Math.max(1, Math.abs(lhs)));
        }
    }

    @Test
    void badGeometryIsRejectedWithTheReason() {
        assertThrows(ShapeException.class, () -> new ConvGeometry(3, 8, 8, 3, 3, 1, 1, 0, 0, 1, 1, 2));
        assertThrows(ShapeException.class, () -> ConvGeometry.of(1, 2, 2, 5, 1, 0));
        assertThrows(ShapeException.class, () -> ConvGeometry.of(1, 8, 8, 3, 0, 1));
        ConvGeometry g = ConvGeometry.of(1, 4, 4, 3, 1, 1);
        assertThrows(ShapeException.class, () -> Im2col.im2col(g, new float[15], 0, 1, 0, new float[9 * 16], 0));
        assertThrows(ShapeException.class, () -> Im2col.im2col(g, new float[16], 0, 1, 0, new float[10], 0));
    }
}
