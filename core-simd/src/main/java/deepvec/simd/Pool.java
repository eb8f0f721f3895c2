package deepvec.simd;

import deepvec.simd.internal.KernelProvider;
import deepvec.simd.internal.Kernels;

/**
 * Max and average pooling (Deep Learning section 9.3) over a run of planes (N * C planes of an
 * NCHW tensor), forward and backward. Backward passes accumulate into the input gradient. Max
 * pooling spreads the planes over the current compute pool; each plane is pooled the same way
 * whichever thread has it.
 */
public final class Pool {

    private Pool() {
    }

    /**
     * Max pooling. {@code argmax[p * outPlane + o]} receives the index within plane p of the
     * input chosen for output o (the first maximum; the first NaN if the window holds one, which
     * then propagates). Padding never wins.
     */
    public static void maxForward(PoolGeometry g, float[] in, int inOffset, int planes,
                                  float[] out, int outOffset, int[] argmax) {
        check(g, in, inOffset, planes, out, outOffset);
        if (argmax.length < planes * g.outPlane()) {
            throw new ShapeException("maxForward: argmax holds " + argmax.length + " ints; expected " + planes * g.outPlane());
        }
        boolean twoByTwo = isTwoByTwo(g);
        ParallelRanges.run(planes, ParallelRanges.itemsPerGrain(g.inPlane()), (first, count) -> {
            if (twoByTwo) {
                maxForwardTwoByTwo(g, in, inOffset, first, count, out, outOffset, argmax);
            } else {
                maxForwardScan(g, in, inOffset, first, count, out, outOffset, argmax);
            }
        });
    }

    /** The general window scan over planes [first, first + count). */
    private static void maxForwardScan(PoolGeometry g, float[] in, int inOffset, int first, int count,
                                       float[] out, int outOffset, int[] argmax) {
        int outW = g.outWidth();
        for (int p = first; p < first + count; p++) {
            int plane = inOffset + p * g.inPlane();
            for (int oh = 0; oh < g.outHeight(); oh++) {
                for (int ow = 0; ow < outW; ow++) {
                    int best = -1;
                    float bestValue = Float.NEGATIVE_INFINITY;
                    int h0 = oh * g.strideH() - g.padH();
                    int w0 = ow * g.strideW() - g.padW();
                    for (int h = Math.max(h0, 0); h < Math.min(h0 + g.kernelH(), g.height()); h++) {
                        for (int w = Math.max(w0, 0); w < Math.min(w0 + g.kernelW(), g.width()); w++) {
                            float v = in[plane + h * g.width() + w];
                            if (best < 0 || (bestValue == bestValue && (v > bestValue || v != v))) {
                                best = h * g.width() + w;
                                bestValue = v;
                            }
                        }
                    }
                    int o = p * g.outPlane() + oh * outW + ow;
                    out[outOffset + o] = bestValue;
                    argmax[o] = best;
                }
            }
        }
    }

    /** The common 2 x 2 window with stride 2 and no padding: one kernel call per output row. */
    private static boolean isTwoByTwo(PoolGeometry g) {
        return g.padH() == 0 && g.padW() == 0 && g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2;
    }

    private static void maxForwardTwoByTwo(PoolGeometry g, float[] in, int inOffset, int first, int count,
                                           float[] out, int outOffset, int[] argmax) {
        Kernels k = KernelProvider.kernels();
        int outW = g.outWidth();
        for (int p = first, o = first * g.outPlane(); p < first + count; p++) {
            int plane = inOffset + p * g.inPlane();
            for (int oh = 0; oh < g.outHeight(); oh++, o += outW) {
                int corner = 2 * oh * g.width();
                k.pooling().maxPoolTwoByTwoRow(in, plane + corner, g.width(), outW, out, outOffset + o, argmax, o, corner);
            }
        }
    }

    /** Routes each output gradient to the input its window chose in {@link #maxForward}. */
    public static void maxBackward(PoolGeometry g, float[] gradOut, int gradOutOffset, int[] argmax, int planes,
                                   float[] gradIn, int gradInOffset) {
        check(g, gradIn, gradInOffset, planes, gradOut, gradOutOffset);
        boolean twoByTwo = isTwoByTwo(g);
        Kernels k = KernelProvider.kernels();
        int outW = g.outWidth();
        ParallelRanges.run(planes, ParallelRanges.itemsPerGrain(g.inPlane()), (first, count) -> {
            for (int p = first; p < first + count; p++) {
                int plane = gradInOffset + p * g.inPlane();
                if (twoByTwo) {
                    for (int oh = 0, o = p * g.outPlane(); oh < g.outHeight(); oh++, o += outW) {
                        k.pooling().maxUnpoolTwoByTwoRow(gradOut, gradOutOffset + o, argmax, o, outW, gradIn, plane, 2 * oh * g.width(),
                                g.width());
                    }
                    continue;
                }
                for (int o = p * g.outPlane(); o < (p + 1) * g.outPlane(); o++) {
                    gradIn[plane + argmax[o]] += gradOut[gradOutOffset + o];
                }
            }
        });
    }

    /**
     * Average pooling: the mean over each window's real elements, or over the whole window
     * counting padding as zeros when {@code countPadding}.
     */
    public static void avgForward(PoolGeometry g, boolean countPadding, float[] in, int inOffset, int planes,
                                  float[] out, int outOffset) {
        check(g, in, inOffset, planes, out, outOffset);
        int outW = g.outWidth();
        for (int p = 0; p < planes; p++) {
            int plane = inOffset + p * g.inPlane();
            for (int oh = 0; oh < g.outHeight(); oh++) {
                for (int ow = 0; ow < outW; ow++) {
                    Window win = Window.of(g, oh, ow, countPadding);
                    float sum = 0f;
                    for (int h = win.h0; h < win.h1; h++) {
                        for (int w = win.w0; w < win.w1; w++) {
                            sum += in[plane + h * g.width() + w];
                        }
                    }
                    out[outOffset + p * g.outPlane() + oh * outW + ow] = sum / win.divisor;
                }
            }
        }
    }

    /** Spreads each output gradient evenly over the window it averaged. */
    public static void avgBackward(PoolGeometry g, boolean countPadding, float[] gradOut, int gradOutOffset, int planes,
                                   float[] gradIn, int gradInOffset) {
        check(g, gradIn, gradInOffset, planes, gradOut, gradOutOffset);
        int outW = g.outWidth();
        for (int p = 0; p < planes; p++) {
            int plane = gradInOffset + p * g.inPlane();
            for (int oh = 0; oh < g.outHeight(); oh++) {
                for (int ow = 0; ow < outW; ow++) {
                    Window win = Window.of(g, oh, ow, countPadding);
                    float share = gradOut[gradOutOffset + p * g.outPlane() + oh * outW + ow] / win.divisor;
                    for (int h = win.h0; h < win.h1; h++) {
                        for (int w = win.w0; w < win.w1; w++) {
                            gradIn[plane + h * g.width() + w] += share;
                        }
                    }
                }
            }
        }
    }

    /** The real (unpadded) rows [h0, h1) and columns [w0, w1) of a window, and its divisor. */
    private record Window(int h0, int h1, int w0, int w1, int divisor) {
        static Window of(PoolGeometry g, int oh, int ow, boolean countPadding) {
            int hs = oh * g.strideH() - g.padH();
            int ws = ow * g.strideW() - g.padW();
            int he = Math.min(hs + g.kernelH(), g.height() + g.padH());
            int we = Math.min(ws + g.kernelW(), g.width() + g.padW());
            int padded = (he - hs) * (we - ws);
            int h0 = Math.max(hs, 0);
            int w0 = Math.max(ws, 0);
            int h1 = Math.min(he, g.height());
            int w1 = Math.min(we, g.width());
            return new Window(h0, h1, w0, w1, countPadding ? padded : (h1 - h0) * (w1 - w0));
        }
    }

    private static void check(PoolGeometry g, float[] in, int inOffset, int planes, float[] out, int outOffset) {
        if (planes < 0 || inOffset < 0 || outOffset < 0
                || inOffset + (long) planes * g.inPlane() > in.length
                || outOffset + (long) planes * g.outPlane() > out.length) {
            throw new ShapeException("pooling " + planes + " planes: input needs " + (long) planes * g.inPlane()
                    + " floats from " + inOffset + " (array holds " + in.length + "), output needs "
                    + (long) planes * g.outPlane() + " from " + outOffset + " (array holds " + out.length + ")");
        }
    }
}
