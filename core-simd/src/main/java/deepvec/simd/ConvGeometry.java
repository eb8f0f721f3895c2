package deepvec.simd;

/**
 * Geometry of a 2-D convolution over NCHW images: input channels, height, width; kernel size,
 * stride, zero padding and dilation per spatial axis; and the number of channel groups. The
 * output extent per axis is {@code floor((in + 2 pad - dilation (kernel - 1) - 1) / stride) + 1},
 * the size of the valid cross-correlation of Deep Learning eq. 9.6 on the padded input.
 *
 * @param channels input channels C (a multiple of groups)
 * @param groups channel groups; group g sees input channels [g C/groups, (g+1) C/groups)
 */
public record ConvGeometry(int channels, int height, int width, int kernelH, int kernelW,
                           int strideH, int strideW, int padH, int padW, int dilationH, int dilationW,
                           int groups) {

    /** Validates every field and that the kernel fits the padded input. */
    public ConvGeometry {
        positive("channels", channels);
        positive("height", height);
        positive("width", width);
        positive("kernelH", kernelH);
        positive("kernelW", kernelW);
        positive("strideH", strideH);
        positive("strideW", strideW);
        positive("dilationH", dilationH);
        positive("dilationW", dilationW);
        positive("groups", groups);
        if (padH < 0 || padW < 0) {
            throw new ShapeException("convolution padding must be >= 0, got padH=" + padH + ", padW=" + padW);
        }
        if (channels % groups != 0) {
            throw new ShapeException("convolution: " + channels + " input channels do not split into " + groups
                    + " groups; expected channels to be a multiple of groups");
        }
        int spanH = dilationH * (kernelH - 1) + 1;
        int spanW = dilationW * (kernelW - 1) + 1;
        if (spanH > height + 2 * padH || spanW > width + 2 * padW) {
            throw new ShapeException("convolution: kernel span " + spanH + "x" + spanW + " is larger than the padded input "
                    + (height + 2 * padH) + "x" + (width + 2 * padW));
        }
    }

    /** Square kernel, equal stride and padding on both axes, no dilation, one group. */
    public static ConvGeometry of(int channels, int height, int width, int kernel, int stride, int pad) {
        return new ConvGeometry(channels, height, width, kernel, kernel, stride, stride, pad, pad, 1, 1, 1);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new ShapeException("convolution " + name + " must be >= 1, got " + value);
        }
    }

    public int outHeight() {
        return (height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1;
    }

    public int outWidth() {
        return (width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1;
    }

    /** Input channels in one group. */
    public int groupChannels() {
        return channels / groups;
    }

    /** Rows of the column matrix of one group: groupChannels * kernelH * kernelW. */
    public int patchSize() {
        return groupChannels() * kernelH * kernelW;
    }

    /** Elements of one input image: C * H * W. */
    public int imageSize() {
        return channels * height * width;
    }
}
