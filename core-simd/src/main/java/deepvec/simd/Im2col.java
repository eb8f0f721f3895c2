package deepvec.simd;

import deepvec.simd.internal.KernelProvider;
import deepvec.simd.internal.Kernels;
import java.util.Arrays;

/**
 * The lowering of 2-D convolution to GEMM. {@link #im2col} copies every receptive field of a
 * batch of NCHW images into the columns of a matrix, so that a convolution becomes
 * {@code W[Cout/g, patchSize] x cols[patchSize, images * outH * outW]} per group;
 * {@link #col2im} is its adjoint, adding the columns back onto the image positions they came
 * from (the input gradient of the convolution, Deep Learning eq. 9.13).
 *
 * <p>Column matrix layout for group g: row {@code (c, i, j)} (c within the group, i &lt; kernelH,
 * j &lt; kernelW) = {@code (c * kernelH + i) * kernelW + j}; column {@code (n, oh, ow)} =
 * {@code (n * outH + oh) * outW + ow}; row-major with {@code ld = images * outH * outW}.
 * Zero padding reads as 0 and receives nothing.
 */
public final class Im2col {

    private Im2col() {
    }

    /**
     * Fills the column matrix of {@code group} for {@code images} consecutive images.
     *
     * @param input NCHW data; image n starts at {@code inputOffset + n * imageSize()}
     * @param cols receives {@code patchSize() x images * outH * outW} floats from colsOffset
     */
    public static void im2col(ConvGeometry g, float[] input, int inputOffset, int images, int group,
                              float[] cols, int colsOffset) {
        checkArgs(g, input, inputOffset, images, group, cols, colsOffset);
        int outH = g.outHeight();
        int outW = g.outWidth();
        int ld = images * outH * outW;
        for (int c = 0; c < g.groupChannels(); c++) {
            int channel = group * g.groupChannels() + c;
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++) {
                    int row = (c * g.kernelH() + i) * g.kernelW() + j;
                    for (int n = 0; n < images; n++) {
                        int plane = inputOffset + n * g.imageSize() + channel * g.height() * g.width();
                        int out = colsOffset + row * ld + n * outH * outW;
                        if (isSameSizeUnitStride(g)) {
                            copyShiftedRun(g, i, j, input, plane, cols, out);
                        } else {
                            copyShiftedPlane(g, i, j, input, plane, cols, out);
                        }
                    }
                }
            }
        }
    }

    /**
     * Stride 1 and an output as wide as the input (padding that keeps the size): the rows a tap
     * sees are consecutive input rows, so its whole plane is one shifted run of the input.
     */
    private static boolean isSameSizeUnitStride(ConvGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.outWidth() == g.width();
    }

    /**
     * The part of a same-size, unit-stride tap's plane that overlaps the image: output rows
     * [rowLo, rowHi), each starting {@code shift} columns right of its input row, and the offset
     * of input row {@code rowLo - padH + i dilationH} (an empty range when no row overlaps).
     */
    private record Run(int rowLo, int rowHi, int shift, int inputRow) {
        static Run of(ConvGeometry g, int i, int j) {
            int down = i * g.dilationH() - g.padH();              // ih = oh + down
            int lo = Math.max(0, -down);
            int hi = Math.min(g.outHeight(), g.height() - down);
            int shift = j * g.dilationW() - g.padW();             // iw = ow + shift
            if (Math.abs(shift) >= g.width()) {
                hi = lo;
            }
            return new Run(lo, Math.max(lo, hi), shift, lo + down);
        }

        /** Columns of every row that read outside the image: [0, -shift) or [width - shift, width). */
        int badFrom(int width) {
            return shift < 0 ? 0 : width - shift;
        }

        int badTo(int width) {
            return shift < 0 ? -shift : width;
        }
    }

    /**
     * {@link #copyShiftedPlane} for same-size unit-stride geometry: one bulk copy of the shifted
     * rows, then zeros over the rows and the edge columns that fall in the padding.
     */
    private static void copyShiftedRun(ConvGeometry g, int i, int j, float[] input, int plane, float[] cols, int out) {
        int width = g.width();
        Run run = Run.of(g, i, j);
        Arrays.fill(cols, out, out + run.rowLo() * width, 0f);
        Arrays.fill(cols, out + run.rowHi() * width, out + g.outHeight() * width, 0f);
        if (run.rowLo() == run.rowHi()) {
            return;
        }
        int skipFront = Math.max(0, -run.shift());               // reads before the plane's first element
        int skipBack = Math.max(0, run.shift());                 // or after its last
        int length = (run.rowHi() - run.rowLo()) * width - skipFront - skipBack;
        System.arraycopy(input, plane + run.inputRow() * width + run.shift() + skipFront,
                cols, out + run.rowLo() * width + skipFront, length);
        zeroEdgeColumns(cols, out, run, width);
    }

    /**
     * Zeros the columns of a tap's rows that fall in the padding, one store each: they are a
     * column or two per row, where a fill per row cost more than the bulk copy (3 x 3, 32
     * channels, 14 x 14: 4,032 fills of one float per image).
     */
    private static void zeroEdgeColumns(float[] cols, int out, Run run, int width) {
        int from = run.badFrom(width);
        int to = run.badTo(width);
        for (int at = out + run.rowLo() * width, end = out + run.rowHi() * width; at < end; at += width) {
            for (int col = from; col < to; col++) {
                cols[at + col] = 0f;
            }
        }
    }

    /** One row of one image: the input plane as seen by kernel tap (i, j), over all outputs. */
    private static void copyShiftedPlane(ConvGeometry g, int i, int j, float[] input, int plane, float[] cols, int out) {
        int outH = g.outHeight();
        int outW = g.outWidth();
        int[] range = validColumns(g, j);
        for (int oh = 0; oh < outH; oh++, out += outW) {
            int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
            if (ih < 0 || ih >= g.height()) {
                Arrays.fill(cols, out, out + outW, 0f);
                continue;
            }
            int lo = range[0];
            int hi = range[1];
            Arrays.fill(cols, out, out + lo, 0f);
            Arrays.fill(cols, out + hi, out + outW, 0f);
            int iw = lo * g.strideW() - g.padW() + j * g.dilationW();
            int src = plane + ih * g.width() + iw;
            if (g.strideW() == 1) {
                System.arraycopy(input, src, cols, out + lo, hi - lo);
            } else {
                for (int ow = lo; ow < hi; ow++, src += g.strideW()) {
                    cols[out + ow] = input[src];
                }
            }
        }
    }

    /**
     * Adds the column matrix of {@code group} back onto {@code images} images (accumulating:
     * zero {@code grad} first for a plain adjoint).
     */
    public static void col2im(ConvGeometry g, float[] cols, int colsOffset, int images, int group,
                              float[] grad, int gradOffset) {
        checkArgs(g, grad, gradOffset, images, group, cols, colsOffset);
        int outH = g.outHeight();
        int outW = g.outWidth();
        int ld = images * outH * outW;
        Kernels k = KernelProvider.kernels();
        for (int c = 0; c < g.groupChannels(); c++) {
            int channel = group * g.groupChannels() + c;
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++) {
                    int row = (c * g.kernelH() + i) * g.kernelW() + j;
                    int[] range = validColumns(g, j);
                    for (int n = 0; n < images; n++) {
                        int plane = gradOffset + n * g.imageSize() + channel * g.height() * g.width();
                        int in = colsOffset + row * ld + n * outH * outW;
                        for (int oh = 0; oh < outH; oh++, in += outW) {
                            int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                            if (ih < 0 || ih >= g.height() || range[0] >= range[1]) {
                                continue;
                            }
                            int iw = range[0] * g.strideW() - g.padW() + j * g.dilationW();
                            int dst = plane + ih * g.width() + iw;
                            if (g.strideW() == 1) {
                                k.binary().add(grad, dst, cols, in + range[0], grad, dst, range[1] - range[0]);
                            } else {
                                for (int ow = range[0]; ow < range[1]; ow++, dst += g.strideW()) {
                                    grad[dst] += cols[in + ow];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #col2im} for a column matrix that is scratch: with same-size unit-stride geometry
     * it zeroes the entries that fall in the padding, in place, so that each tap's rows go back
     * onto the image in one vectorised run instead of row by row.
     */
    static void col2imConsuming(ConvGeometry g, float[] cols, int colsOffset, int images, int group,
                                float[] grad, int gradOffset) {
        if (!isSameSizeUnitStride(g)) {
            col2im(g, cols, colsOffset, images, group, grad, gradOffset);
            return;
        }
        checkArgs(g, grad, gradOffset, images, group, cols, colsOffset);
        int width = g.width();
        int planeSize = g.outHeight() * width;
        int ld = images * planeSize;
        Kernels k = KernelProvider.kernels();
        for (int c = 0; c < g.groupChannels(); c++) {
            int channel = group * g.groupChannels() + c;
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++) {
                    Run run = Run.of(g, i, j);
                    if (run.rowLo() == run.rowHi()) {
                        continue;
                    }
                    int row = (c * g.kernelH() + i) * g.kernelW() + j;
                    int skipFront = Math.max(0, -run.shift());
                    int skipBack = Math.max(0, run.shift());
                    int length = (run.rowHi() - run.rowLo()) * width - skipFront - skipBack;
                    for (int n = 0; n < images; n++) {
                        int in = colsOffset + row * ld + n * planeSize;
                        zeroEdgeColumns(cols, in, run, width);
                        int plane = gradOffset + n * g.imageSize() + channel * g.height() * width;
                        int dst = plane + run.inputRow() * width + run.shift() + skipFront;
                        k.binary().add(grad, dst, cols, in + run.rowLo() * width + skipFront, grad, dst, length);
                    }
                }
            }
        }
    }

    /** Output columns [lo, hi) whose input column for kernel tap j lies inside the image. */
    private static int[] validColumns(ConvGeometry g, int j) {
        int shift = j * g.dilationW() - g.padW();         // iw = ow * strideW + shift
        int lo = shift >= 0 ? 0 : ceilDiv(-shift, g.strideW());
        int hi = ceilDiv(g.width() - shift, g.strideW()); // first ow with iw >= width
        lo = Math.min(lo, g.outWidth());
        hi = Math.max(lo, Math.min(hi, g.outWidth()));
        return new int[] {lo, hi};
    }

    private static int ceilDiv(int a, int b) {
        return Math.floorDiv(a + b - 1, b);
    }

    private static void checkArgs(ConvGeometry g, float[] image, int imageOffset, int images, int group,
                                  float[] cols, int colsOffset) {
        if (images < 0 || group < 0 || group >= g.groups()) {
            throw new ShapeException("im2col: images=" + images + ", group=" + group + "; expected images >= 0 and 0 <= group < "
                    + g.groups());
        }
        long imageNeed = (long) images * g.imageSize();
        if (imageOffset < 0 || imageOffset + imageNeed > image.length) {
            throw new ShapeException("im2col: " + images + " images of " + g.imageSize() + " floats from offset " + imageOffset
                    + " do not fit an array of " + image.length);
        }
        long colsNeed = (long) g.patchSize() * images * g.outHeight() * g.outWidth();
        if (colsOffset < 0 || colsOffset + colsNeed > cols.length) {
            throw new ShapeException("im2col: the column matrix needs " + colsNeed + " floats from offset " + colsOffset
                    + " but the array holds " + cols.length);
        }
    }
}
