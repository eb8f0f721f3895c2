package deepvec.simd;

import deepvec.simd.internal.KernelProvider;
import deepvec.simd.internal.Kernels;
import java.util.Arrays;

/**
 * 2-D convolution over NCHW batches, forward and both gradients, lowered to GEMM a few images
 * at a time, so that their column matrix stays in cache ({@value #IMAGES_PER_PRODUCT} images
 * side by side in the forward pass and the input gradient, one in the weight gradient). As in
 * the book (Deep Learning eq. 9.6-9.7) it is a cross-correlation with a learned kernel:
 *
 * <pre>
 * Y[n, o, oh, ow] = b[o] + sum_{c, i, j} W[o, c, i, j] X[n, g(o) C/G + c, oh s_h - p_h + i d_h, ow s_w - p_w + j d_w]
 * </pre>
 *
 * with zero padding p, stride s, dilation d and G channel groups (output channel o sees the
 * input channels of its group g(o)). Shapes: X [N, C, H, W], W [O, C/G, kH, kW], b [O],
 * Y [N, O, outH, outW]. Per image and group, {@code Y = W cols} with {@code cols = im2col(X)};
 * the gradients are {@code dX = col2im(W^T dY)} (eq. 9.13) and {@code dW = sum_n dY cols^T}
 * (eq. 9.11). A 1x1 kernel with stride 1 and no padding needs no lowering: the image itself is
 * the column matrix. A patch of at most {@value #SHORT_PATCH} values (one input channel, 3 x 3)
 * skips the packed GEMM for a kernel that reads the short column matrix in place.
 *
 * <p>Images are spread over the {@link ComputePool#current() current pool}. The weight gradient
 * is summed in fixed blocks of {@value #IMAGES_PER_PARTIAL} images, then over blocks in order,
 * so every result is bit-identical for any thread count.
 */
public final class Convolution {

    /** Images whose weight gradients one thread sums before the blocks are added in order. */
    static final int IMAGES_PER_PARTIAL = 8;

    /** Patches of at most this many values take the short-product kernels instead of GEMM. */
    static final int SHORT_PATCH = 16;

    /**
     * Images whose column matrices the forward pass and the input gradient compute side by
     * side: 14 x 14 outputs are 196 columns, six 32-column register tiles and a seventh for 4,
     * where 392 fill twelve and a quarter (64 x 196 x 288: 83 us per image, 64 x 392 x 288: 74).
     */
    static final int IMAGES_PER_PRODUCT = 2;

    /** The products inside one task (an image or a pair) run on the thread that has the task. */
    private static final ComputePool SERIAL = ComputePool.ofThreads(1);
    /** Slots of each thread's scratch: the column matrix, and several images' outputs or their gradients side by side. */
    private static final int COLUMNS = 0;
    private static final int SIDE_BY_SIDE = 1;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private Convolution() {
    }

    /**
     * The geometry of convolving {@code input} [N, C, H, W] with {@code weight} [O, C/groups,
     * kH, kW] at the given stride, padding and dilation (height, width).
     *
     * @throws ShapeException if the ranks or channel counts disagree
     */
    public static ConvGeometry geometry(Tensor input, Tensor weight, int[] stride, int[] padding, int[] dilation, int groups) {
        if (input.rank() != 4 || weight.rank() != 4) {
            throw new ShapeException("convolution: input " + Arrays.toString(input.shape()) + " and weight "
                    + Arrays.toString(weight.shape()) + "; expected [N, C, H, W] and [O, C/groups, kH, kW]");
        }
        if (groups < 1 || weight.dim(0) % groups != 0 || weight.dim(1) * groups != input.dim(1)) {
            throw new ShapeException("convolution: weight " + Arrays.toString(weight.shape()) + " with " + groups
                    + " groups does not fit " + input.dim(1) + " input channels; expected [O, " + input.dim(1) + "/" + groups
                    + ", kH, kW] with O a multiple of " + groups);
        }
        return new ConvGeometry(input.dim(1), input.dim(2), input.dim(3), weight.dim(2), weight.dim(3),
                stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups);
    }

    /**
     * Y = W * X + b.
     *
     * @param bias [O], or null for none
     * @throws ShapeException if the shapes do not match the geometry
     */
    public static Tensor forward(ConvGeometry g, Tensor input, Tensor weight, Tensor bias) {
        return forward(g, input, weight, bias, false);
    }

    /**
     * Y = W * X + b, rectified as max(Y, 0) when {@code rectify}: the ReLU that follows a
     * convolution, applied to each image's output while it is still in cache, instead of as a
     * pass of its own over a tensor of its own.
     *
     * @param bias [O], or null for none
     * @throws ShapeException if the shapes do not match the geometry
     */
    public static Tensor forward(ConvGeometry g, Tensor input, Tensor weight, Tensor bias, boolean rectify) {
        Tensor x = checkInput(g, input).contiguous();
        Tensor w = checkWeight(g, weight).contiguous();
        int outChannels = w.dim(0);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != outChannels)) {
            throw new ShapeException("convolution: bias " + Arrays.toString(bias.shape()) + "; expected [" + outChannels + "]");
        }
        Tensor b = bias == null ? null : bias.contiguous();
        int images = x.dim(0);
        int plane = g.outHeight() * g.outWidth();
        Tensor y = Tensor.zeros(images, outChannels, g.outHeight(), g.outWidth());
        int perGroup = outChannels / g.groups();
        Kernels k = KernelProvider.kernels();
        boolean shortPatch = hasShortPatch(g);
        int perProduct = shortPatch || isPointwise(g) ? 1 : IMAGES_PER_PRODUCT;
        ComputePool.current().parallelFor(ceilDiv(images, perProduct), task -> {
            int first = task * perProduct;
            int count = Math.min(perProduct, images - first);
            int ld = count * plane;
            for (int grp = 0; grp < g.groups(); grp++) {
                GemmOperand columns = columnsOf(g, x.data(), x.offset() + first * g.imageSize(), count, grp, false);
                int yOffset = (first * outChannels + grp * perGroup) * plane;
                int wOffset = w.offset() + grp * perGroup * g.patchSize();
                if (shortPatch) {
                    k.gemm().shortK(perGroup, plane, g.patchSize(), w.data(), wOffset, columns.data(), columns.offset(), plane,
                            b == null ? null : b.data(), b == null ? 0 : b.offset() + grp * perGroup, y.data(), yOffset, plane);
                    continue;
                }
                float[] product = count == 1 ? y.data() : scratch(SIDE_BY_SIDE, perGroup * ld);
                int productOffset = count == 1 ? yOffset : 0;
                GemmDriver.gemm(k, SERIAL, perGroup, ld, g.patchSize(), 1f,
                        GemmOperand.rowMajor(w.data(), wOffset, g.patchSize(), false),
                        columns, 0f, GemmOperand.rowMajor(product, productOffset, ld, false));
                if (count > 1 || b != null) {   // bias, and each image's rows to its own place in Y
                    for (int o = 0; o < perGroup; o++) {
                        for (int i = 0; i < count; i++) {
                            int from = productOffset + o * ld + i * plane;
                            int to = yOffset + (i * outChannels + o) * plane;
                            if (b == null) {
                                System.arraycopy(product, from, y.data(), to, plane);
                            } else {
                                k.scaling().addScalar(b.data()[b.offset() + grp * perGroup + o], product, from, y.data(), to, plane);
                            }
                        }
                    }
                }
            }
            if (rectify) {
                int at = first * outChannels * plane;
                k.unary().relu(y.data(), at, y.data(), at, count * outChannels * plane);
            }
        });
        return y;
    }

    /**
     * dL/dX = col2im(W^T dY) for the upstream gradient dY [N, O, outH, outW].
     *
     * @return [N, C, H, W]
     */
    public static Tensor inputGradient(ConvGeometry g, Tensor gradOutput, Tensor weight) {
        Tensor w = checkWeight(g, weight).contiguous();
        Tensor dy = checkGradOutput(g, gradOutput, w.dim(0)).contiguous();
        int images = dy.dim(0);
        int outChannels = w.dim(0);
        int perGroup = outChannels / g.groups();
        int plane = g.outHeight() * g.outWidth();
        Tensor dx = Tensor.zeros(images, g.channels(), g.height(), g.width());
        Kernels k = KernelProvider.kernels();
        int perProduct = isPointwise(g) ? 1 : IMAGES_PER_PRODUCT;
        ComputePool.current().parallelFor(ceilDiv(images, perProduct), task -> {
            int first = task * perProduct;
            int count = Math.min(perProduct, images - first);
            int ld = count * plane;
            for (int grp = 0; grp < g.groups(); grp++) {
                GemmOperand wt = GemmOperand.rowMajor(w.data(), w.offset() + grp * perGroup * g.patchSize(), g.patchSize(), true);
                int dyOffset = dy.offset() + (first * outChannels + grp * perGroup) * plane;
                GemmOperand dyGroup = count == 1 ? GemmOperand.rowMajor(dy.data(), dyOffset, plane, false)
                        : sideBySide(dy.data(), dyOffset, outChannels * plane, perGroup, plane, count);
                if (isPointwise(g)) {
                    int dxOffset = first * g.imageSize() + grp * g.groupChannels() * g.height() * g.width();
                    GemmDriver.gemm(k, SERIAL, g.patchSize(), plane, perGroup, 1f, wt, dyGroup, 0f,
                            GemmOperand.rowMajor(dx.data(), dxOffset, plane, false));
                    continue;
                }
                float[] cols = scratch(COLUMNS, g.patchSize() * ld);
                GemmDriver.gemm(k, SERIAL, g.patchSize(), ld, perGroup, 1f, wt, dyGroup, 0f,
                        GemmOperand.rowMajor(cols, 0, ld, false));
                Im2col.col2imConsuming(g, cols, 0, count, grp, dx.data(), first * g.imageSize());
            }
        });
        return dx;
    }

    /**
     * dL/dW = sum over images of dY cols^T.
     *
     * @return the weight's shape, [O, C/groups, kH, kW]
     */
    public static Tensor weightGradient(ConvGeometry g, Tensor input, Tensor gradOutput, int outChannels) {
        Tensor x = checkInput(g, input).contiguous();
        Tensor dy = checkGradOutput(g, gradOutput, outChannels).contiguous();
        if (dy.dim(0) != x.dim(0)) {
            throw new ShapeException("convolution: " + dy.dim(0) + " output gradients for " + x.dim(0) + " input images");
        }
        int images = x.dim(0);
        int perGroup = outChannels / g.groups();
        int plane = g.outHeight() * g.outWidth();
        int size = outChannels * g.patchSize();
        int blocks = Math.max(1, (images + IMAGES_PER_PARTIAL - 1) / IMAGES_PER_PARTIAL);
        float[][] partial = new float[blocks][size];
        Kernels k = KernelProvider.kernels();
        boolean shortPatch = hasShortPatch(g);
        ComputePool.current().parallelFor(blocks, block -> {
            int end = Math.min(images, (block + 1) * IMAGES_PER_PARTIAL);
            for (int n = block * IMAGES_PER_PARTIAL; n < end; n++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    GemmOperand columns = columnsOf(g, x.data(), x.offset() + n * g.imageSize(), 1, grp, true);
                    int dyOffset = dy.offset() + (n * outChannels + grp * perGroup) * plane;
                    if (shortPatch) {
                        k.gemm().shortKGradient(perGroup, plane, g.patchSize(), dy.data(), dyOffset, plane,
                                columns.data(), columns.offset(), plane, partial[block], grp * perGroup * g.patchSize());
                        continue;
                    }
                    GemmOperand dyGroup = GemmOperand.rowMajor(dy.data(), dyOffset, plane, false);
                    GemmDriver.gemm(k, SERIAL, perGroup, g.patchSize(), plane, 1f, dyGroup, columns, 1f,
                            GemmOperand.rowMajor(partial[block], grp * perGroup * g.patchSize(), g.patchSize(), false));
                }
            }
        });
        for (int block = 1; block < blocks; block++) {
            k.binary().add(partial[0], 0, partial[block], 0, partial[0], 0, size);
        }
        return Tensor.of(partial[0], outChannels, g.groupChannels(), g.kernelH(), g.kernelW());
    }

    /**
     * dL/db: the upstream gradient [N, O, outH, outW] summed over images and positions.
     *
     * @return [O]
     */
    public static Tensor biasGradient(Tensor gradOutput) {
        if (gradOutput.rank() != 4) {
            throw new ShapeException("convolution bias gradient: " + Arrays.toString(gradOutput.shape())
                    + "; expected [N, O, outH, outW]");
        }
        Tensor dy = gradOutput.contiguous();
        int images = dy.dim(0);
        int channels = dy.dim(1);
        int plane = dy.dim(2) * dy.dim(3);
        Kernels k = KernelProvider.kernels();
        Tensor db = Tensor.zeros(channels);
        ParallelRanges.run(channels, ParallelRanges.itemsPerGrain(images * plane), (first, count) -> {
            for (int o = first; o < first + count; o++) {
                double sum = 0;
                for (int n = 0; n < images; n++) {
                    sum += k.reduction().sum(dy.data(), dy.offset() + (n * channels + o) * plane, plane);
                }
                db.data()[o] = (float) sum;
            }
        });
        return db;
    }

    /**
     * {@code rows} x {@code width} blocks of {@code count} images ({@code imageStride} apart from
     * {@code offset}) copied side by side into this thread's scratch: a [rows, count * width] matrix.
     */
    private static GemmOperand sideBySide(float[] data, int offset, int imageStride, int rows, int width, int count) {
        int ld = count * width;
        float[] matrix = scratch(SIDE_BY_SIDE, rows * ld);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < count; i++) {
                System.arraycopy(data, offset + i * imageStride + r * width, matrix, r * ld + i * width, width);
            }
        }
        return GemmOperand.rowMajor(matrix, 0, ld, false);
    }

    /**
     * Channel group {@code grp} of {@code images} consecutive images as a [patchSize, images *
     * outH * outW] matrix, or its transpose; a pointwise geometry's image is its own matrix.
     */
    private static GemmOperand columnsOf(ConvGeometry g, float[] image, int imageOffset, int images, int grp, boolean transposed) {
        int plane = g.outHeight() * g.outWidth();
        if (isPointwise(g)) {
            return GemmOperand.rowMajor(image, imageOffset + grp * g.groupChannels() * plane, plane, transposed);
        }
        float[] cols = scratch(COLUMNS, g.patchSize() * images * plane);
        Im2col.im2col(g, image, imageOffset, images, grp, cols, 0);
        return GemmOperand.rowMajor(cols, 0, images * plane, transposed);
    }

    /**
     * Few kernel taps per output (a 3 x 3 kernel over one input channel per group): the column
     * matrix is too short for the packed GEMM to pay for its packing, and
     * {@link Kernels#gemmShortK} reads it in place instead.
     */
    private static boolean hasShortPatch(ConvGeometry g) {
        return g.patchSize() <= SHORT_PATCH;
    }

    /** 1x1, stride 1, unpadded: the image's channels are already the column matrix. */
    private static boolean isPointwise(ConvGeometry g) {
        return g.kernelH() == 1 && g.kernelW() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
    }

    /** This thread's scratch array in {@code slot}, at least {@code size} floats. */
    private static float[] scratch(int slot, int size) {
        float[][] holder = SCRATCH.get();
        if (holder[slot].length < size) {
            holder[slot] = new float[size];
        }
        return holder[slot];
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static Tensor checkInput(ConvGeometry g, Tensor input) {
        if (input.rank() != 4 || input.dim(1) != g.channels() || input.dim(2) != g.height() || input.dim(3) != g.width()) {
            throw new ShapeException("convolution: input " + Arrays.toString(input.shape()) + "; expected [N, "
                    + g.channels() + ", " + g.height() + ", " + g.width() + "]");
        }
        return input;
    }

    private static Tensor checkWeight(ConvGeometry g, Tensor weight) {
        if (weight.rank() != 4 || weight.dim(0) % g.groups() != 0 || weight.dim(1) != g.groupChannels()
                || weight.dim(2) != g.kernelH() || weight.dim(3) != g.kernelW()) {
            throw new ShapeException("convolution: weight " + Arrays.toString(weight.shape()) + "; expected [O, "
                    + g.groupChannels() + ", " + g.kernelH() + ", " + g.kernelW() + "] with O a multiple of " + g.groups());
        }
        return weight;
    }

    private static Tensor checkGradOutput(ConvGeometry g, Tensor gradOutput, int outChannels) {
        if (gradOutput.rank() != 4 || gradOutput.dim(1) != outChannels || gradOutput.dim(2) != g.outHeight()
                || gradOutput.dim(3) != g.outWidth()) {
            throw new ShapeException("convolution: output gradient " + Arrays.toString(gradOutput.shape()) + "; expected [N, "
                    + outChannels + ", " + g.outHeight() + ", " + g.outWidth() + "]");
        }
        return gradOutput;
    }
}
