package deepvec.simd;

/**
 * Geometry of 2-D pooling over planes of {@code height x width}: window size, stride and
 * padding per axis. Output extent per axis: {@code floor((in + 2 pad - kernel) / stride) + 1}.
 * Padding may be at most half the window, so every window holds at least one real element.
 */
public record PoolGeometry(int height, int width, int kernelH, int kernelW, int strideH, int strideW,
                           int padH, int padW) {

    /** Validates every field. */
    public PoolGeometry {
        if (height < 1 || width < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
            throw new ShapeException("pooling needs positive sizes, got input " + height + "x" + width + ", window "
                    + kernelH + "x" + kernelW + ", stride " + strideH + "x" + strideW);
        }
        if (padH < 0 || padW < 0 || 2 * padH > kernelH || 2 * padW > kernelW) {
            throw new ShapeException("pooling padding " + padH + "x" + padW + " must be between 0 and half the window "
                    + kernelH + "x" + kernelW);
        }
        if (kernelH > height + 2 * padH || kernelW > width + 2 * padW) {
            throw new ShapeException("pooling window " + kernelH + "x" + kernelW + " is larger than the padded input "
                    + (height + 2 * padH) + "x" + (width + 2 * padW));
        }
    }

    /** Square window, stride and padding. */
    public static PoolGeometry of(int height, int width, int kernel, int stride, int pad) {
        return new PoolGeometry(height, width, kernel, kernel, stride, stride, pad, pad);
    }

    public int outHeight() {
        return (height + 2 * padH - kernelH) / strideH + 1;
    }

    public int outWidth() {
        return (width + 2 * padW - kernelW) / strideW + 1;
    }

    int inPlane() {
        return height * width;
    }

    int outPlane() {
        return outHeight() * outWidth();
    }
}
