package deepvec.simd.internal;

/**
 * The specialised 2 x 2, stride-2 max pooling rows (Deep Learning section 9.3), forward and
 * backward.
 *
 * <p>{@link ScalarPoolingKernels} is the reference and the fallback; {@code PanamaPoolingKernels} runs on the
 * Vector API.
 */
public interface PoolingKernels {

    /**
     * One output row of 2 x 2 max pooling with stride 2 (Deep Learning section 9.3). Output ow
     * is the first maximum, in the order top-left, top-right, bottom-left, bottom-right, of
     * {@code in[top + 2 ow + {0, 1, width, width + 1}]}, or the first NaN, whose value then
     * propagates; {@code argmax[ao + ow]} receives {@code corner + 2 ow} plus that offset, the
     * input's index within its plane when {@code corner} is the row's offset within the plane.
     */
    void maxPoolTwoByTwoRow(float[] in, int top, int width, int outW, float[] out, int oo, int[] argmax, int ao, int corner);

    /**
     * The adjoint of {@link #maxPoolTwoByTwoRow}: {@code gradIn[plane + argmax[ao + ow]] += gradOut[go + ow]}
     * for ow &lt; outW, where argmax holds the choices that call made for the row at {@code corner}
     * (each lies in its own window); nothing else of gradIn changes.
     */
    void maxUnpoolTwoByTwoRow(float[] gradOut, int go, int[] argmax, int ao, int outW, float[] gradIn, int plane, int corner,
                              int width);
}
