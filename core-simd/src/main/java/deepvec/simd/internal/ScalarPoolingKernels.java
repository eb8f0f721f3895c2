package deepvec.simd.internal;

/**
 * {@link PoolingKernels} in plain loops: the reference the vector kernels are tested
 * against and the fallback without the Vector API.
 */
public final class ScalarPoolingKernels implements PoolingKernels {

    @Override
    public void maxPoolTwoByTwoRow(float[] in, int top, int width, int outW, float[] out, int oo, int[] argmax, int ao,
                                   int corner) {
        for (int ow = 0; ow < outW; ow++) {
            maxPoolTwoByTwoWindow(in, top + 2 * ow, width, out, oo + ow, argmax, ao + ow, corner + 2 * ow);
        }
    }

    /** One window of {@link #maxPoolTwoByTwoRow}, scanned in order: the reference every kernel matches. */
    static void maxPoolTwoByTwoWindow(float[] in, int topLeft, int width, float[] out, int o, int[] argmax, int a, int corner) {
        int best = 0;
        for (int offset : new int[] {1, width, width + 1}) {
            float value = in[topLeft + offset];
            float bestValue = in[topLeft + best];
            if (bestValue == bestValue && (value > bestValue || value != value)) {
                best = offset;
            }
        }
        out[o] = in[topLeft + best];
        argmax[a] = corner + best;
    }

    @Override
    public void maxUnpoolTwoByTwoRow(float[] gradOut, int go, int[] argmax, int ao, int outW, float[] gradIn, int plane,
                                     int corner, int width) {
        for (int ow = 0; ow < outW; ow++) {
            gradIn[plane + argmax[ao + ow]] += gradOut[go + ow];
        }
    }
}
