package deepvec.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The convolution and both of its gradients against naive seven-loop references in double. */
class ConvolutionTest {

    private static Tensor random(SplittableRandom r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return t;
    }

    /** Y, dX and dW by the definition, each output position visiting its receptive field. */
    private record Naive(double[] y, double[] dx, double[] dw) {
        static Naive of(ConvGeometry g, Tensor x, Tensor w, Tensor b, Tensor dy) {
            int images = x.dim(0);
            int outC = w.dim(0);
            int perGroup = outC / g.groups();
            double[] y = new double[dy.size()];
            double[] dx = new double[x.size()];
            double[] dw = new double[w.size()];
            for (int n = 0; n < images; n++) {
                for (int o = 0; o < outC; o++) {
                    for (int oh = 0; oh < g.outHeight(); oh++) {
                        for (int ow = 0; ow < g.outWidth(); ow++) {
                            int yi = ((n * outC + o) * g.outHeight() + oh) * g.outWidth() + ow;
                            double sum = b == null ? 0 : b.get(o);
                            for (int c = 0; c < g.groupChannels(); c++) {
                                int channel = o / perGroup * g.groupChannels() + c;
                                for (int i = 0; i < g.kernelH(); i++) {
                                    for (int j = 0; j < g.kernelW(); j++) {
                                        int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                                        int iw = ow * g.strideW() - g.padW() + j * g.dilationW();
                                        if (ih < 0 || ih >= g.height() || iw < 0 || iw >= g.width()) {
                                            continue;
                                        }
                                        int xi = ((n * g.channels() + channel) * g.height() + ih) * g.width() + iw;
                                        int wi = ((o * g.groupChannels() + c) * g.kernelH() + i) * g.kernelW() + j;
                                        sum += (double) w.data()[wi] * x.data()[xi];
                                        dx[xi] += (double) w.data()[wi] * dy.data()[yi];
                                        dw[wi] += (double) x.data()[xi] * dy.data()[yi];
                                    }
                                }
                            }
                            y[yi] = sum;
                        }
                    }
                }
            }
            return new Naive(y, dx, dw);
        }
    }

    private static void assertClose(double[] expected, Tensor actual, String what) {
        assertEquals(expected.length, actual.size(), what + " size");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.data()[i], 1e-4 * (1 + Math.abs(expected[i])), what + " at " + i);
        }
    }

    @ParameterizedTest(name = "N={0} C={1} {2}x{3} O={4} k={5}x{6} s={7}x{8} p={9}x{10} d={11}x{12} g={13}")
    @CsvSource({
        "3, 1, 28, 28, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1",     // the first layer of the reference CNN, small
        "2, 6, 9, 11, 4, 3, 2, 2, 1, 1, 0, 1, 1, 2",      // groups, stride and asymmetric kernel
        "2, 4, 10, 10, 6, 3, 3, 1, 2, 2, 1, 2, 2, 2",     // dilation
        "3, 4, 7, 8, 6, 1, 1, 1, 1, 0, 0, 1, 1, 1",       // pointwise: no lowering
        "2, 4, 7, 8, 4, 1, 1, 1, 1, 0, 0, 1, 1, 2",       // pointwise, grouped
        "2, 2, 6, 6, 3, 1, 1, 2, 2, 1, 1, 1, 1, 1",       // 1x1 with stride and padding: lowered
        "9, 3, 13, 6, 2, 4, 3, 3, 2, 1, 1, 1, 2, 1",      // more images than one partial block
        "2, 3, 6, 7, 4, 5, 3, 1, 1, 2, 1, 1, 1, 1",       // same-size 5x3: shifted runs both ways
        "2, 2, 8, 8, 2, 3, 3, 1, 1, 2, 2, 2, 2, 1",       // same-size with dilation
        "2, 2, 3, 3, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1",       // same-size on a tiny image
        "10, 4, 9, 9, 8, 3, 3, 2, 2, 1, 1, 1, 1, 4",      // depthwise, strided: short patches, two partial blocks
    })
    void forwardAndGradientsMatchTheDefinition(int images, int c, int h, int w, int outC, int kh, int kw, int sh, int sw,
                                               int ph, int pw, int dh, int dw, int groups) {
        ConvGeometry g = new ConvGeometry(c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, groups);
        SplittableRandom r = new SplittableRandom(images * 1000L + c * 100 + h);
        Tensor x = random(r, images, c, h, w);
        Tensor weight = random(r, outC, c / groups, kh, kw);
        Tensor bias = random(r, outC);
        Tensor dy = random(r, images, outC, g.outHeight(), g.outWidth());
        Naive expected = Naive.of(g, x, weight, bias, dy);

        assertClose(expected.y(), Convolution.forward(g, x, weight, bias), "Y");
        assertClose(expected.dx(), Convolution.inputGradient(g, dy, weight), "dX");
        assertClose(expected.dw(), Convolution.weightGradient(g, x, dy, outC), "dW");
        Tensor db = Convolution.biasGradient(dy);
        for (int o = 0; o < outC; o++) {
            double sum = 0;
            for (int n = 0; n < images; n++) {
                for (int p = 0; p < g.outHeight() * g.outWidth(); p++) {
                    sum += dy.data()[(n * outC + o) * g.outHeight() * g.outWidth() + p];
                }
            }
            assertEquals(sum, db.get(o), 1e-4);
        }
    }

    @ParameterizedTest(name = "{0} input channels")
    @ValueSource(ints = {8, 1})   // GEMM and short-patch kernels
    void resultsAreBitIdenticalForAnyThreadCount(int channels) {
        SplittableRandom r = new SplittableRandom(3);
        Tensor x = random(r, 19, channels, 14, 14);
        Tensor weight = random(r, 16, channels, 3, 3);
        ConvGeometry g = Convolution.geometry(x, weight, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
        Tensor dy = random(r, 19, 16, 14, 14);
        Tensor[] single;
        try (ComputePool one = ComputePool.ofThreads(1)) {
            single = one.call(() -> new Tensor[] {Convolution.forward(g, x, weight, null),
                Convolution.inputGradient(g, dy, weight), Convolution.weightGradient(g, x, dy, 16)});
        }
        try (ComputePool three = ComputePool.ofThreads(3)) {
            Tensor[] parallel = three.call(() -> new Tensor[] {Convolution.forward(g, x, weight, null),
                Convolution.inputGradient(g, dy, weight), Convolution.weightGradient(g, x, dy, 16)});
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(single[i].data(), parallel[i].data(), "result " + i);
            }
        }
    }

    @Test
    void anImageConvolvedAloneGivesTheBitsItGetsInABatch() {   // the forward pass and dX take images in pairs
        SplittableRandom r = new SplittableRandom(5);
        Tensor x = random(r, 5, 6, 9, 9);
        Tensor weight = random(r, 10, 6, 3, 3);
        Tensor bias = random(r, 10);
        Tensor dy = random(r, 5, 10, 9, 9);
        ConvGeometry g = Convolution.geometry(x, weight, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
        Tensor batch = Convolution.forward(g, x, weight, bias, true);
        Tensor unbiased = Convolution.forward(g, x, weight, null, false);
        Tensor batchDx = Convolution.inputGradient(g, dy, weight);
        int imageOut = 10 * 9 * 9;
        for (int n = 0; n < 5; n++) {
            Tensor image = Tensor.of(Arrays.copyOfRange(x.data(), n * g.imageSize(), (n + 1) * g.imageSize()), 1, 6, 9, 9);
            float[] alone = Convolution.forward(g, image, weight, bias, true).data();
            assertArrayEquals(Arrays.copyOfRange(batch.data(), n * imageOut, (n + 1) * imageOut), alone, "Y of image " + n);
            float[] aloneUnbiased = Convolution.forward(g, image, weight, null, false).data();
            assertArrayEquals(Arrays.copyOfRange(unbiased.data(), n * imageOut, (n + 1) * imageOut), aloneUnbiased,
                    "Y without bias of image " + n);
            Tensor imageDy = Tensor.of(Arrays.copyOfRange(dy.data(), n * imageOut, (n + 1) * imageOut), 1, 10, 9, 9);
            float[] aloneDx = Convolution.inputGradient(g, imageDy, weight).data();
            assertArrayEquals(Arrays.copyOfRange(batchDx.data(), n * g.imageSize(), (n + 1) * g.imageSize()), aloneDx,
                    "dX of image " + n);
        }
    }

    @Test
    void mismatchedShapesAreRejectedWithTheExpectedShape() {
        Tensor x = Tensor.zeros(2, 3, 8, 8);
        int[] one = {1, 1};
        int[] none = {0, 0};
        assertThrows(ShapeException.class, () -> Convolution.geometry(x, Tensor.zeros(4, 2, 3, 3), one, none, one, 1));
        assertThrows(ShapeException.class, () -> Convolution.geometry(x, Tensor.zeros(4, 3, 3), one, none, one, 1));
        assertThrows(ShapeException.class, () -> Convolution.geometry(x, Tensor.zeros(5, 1, 3, 3), one, none, one, 3));
        ConvGeometry g = Convolution.geometry(x, Tensor.zeros(4, 3, 3, 3), one, none, one, 1);
        assertThrows(ShapeException.class, () -> Convolution.forward(g, Tensor.zeros(2, 3, 8, 7), Tensor.zeros(4, 3, 3, 3), null));
        assertThrows(ShapeException.class, () -> Convolution.forward(g, x, Tensor.zeros(4, 3, 3, 3), Tensor.zeros(5)));
        assertThrows(ShapeException.class, () -> Convolution.inputGradient(g, Tensor.zeros(2, 4, 5, 5), Tensor.zeros(4, 3, 3, 3)));
    }
}
