package deepvec.nn.layer;

import deepvec.nn.autograd.ImageOps;
import deepvec.nn.autograd.Variable;
import deepvec.simd.PoolGeometry;
import deepvec.simd.ShapeException;
import java.util.Arrays;

/**
 * Max or average pooling over each channel of x [N, C, H, W] (Deep Learning section 9.3):
 * a summary statistic of each window, which makes the representation approximately invariant
 * to small translations. A window of 0 pools the whole plane (global pooling), giving
 * [N, C, 1, 1].
 */
public final class Pool2d implements Layer {

    /** The summary statistic of a window. */
    public enum Kind {
        /** the largest value; gradient to the first maximum */
        MAX,
        /** the mean of the window's real (unpadded) elements */
        AVERAGE
    }

    private final Kind kind;
    private final int kernel;
    private final int stride;
    private final int padding;

    /**
     * @param kernel square window size, or 0 for the whole plane
     * @param stride step between windows (ignored for a whole-plane window)
     * @param padding implicit padding on every side, at most half the window
     */
    public Pool2d(Kind kind, int kernel, int stride, int padding) {
        if (kernel < 0 || (kernel > 0 && (stride < 1 || padding < 0 || 2 * padding > kernel))) {
            throw new IllegalArgumentException("pooling window " + kernel + ", stride " + stride + ", padding " + padding
                    + "; expected a window >= 1 (or 0 for global pooling), stride >= 1 and padding in [0, window / 2]");
        }
        this.kind = kind;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    /** Max pooling with a square window, stride and no padding. */
    public static Pool2d max(int kernel, int stride) {
        return new Pool2d(Kind.MAX, kernel, stride, 0);
    }

    /** Global average pooling: one mean per channel. */
    public static Pool2d globalAverage() {
        return new Pool2d(Kind.AVERAGE, 0, 1, 0);
    }

    @Override
    public Variable forward(Variable input) {
        PoolGeometry g = geometry(input);
        return kind == Kind.MAX ? ImageOps.maxPool2d(input, g) : ImageOps.avgPool2d(input, g, false);
    }

    /** Whether pooling relu(x) is relu of the pooled x (true for max pooling), so a preceding ReLU can run after it. */
    boolean commutesWithRelu() {
        return kind == Kind.MAX;
    }

    /** This pooling of relu(input) as one op ({@link ImageOps#maxPool2dOfRelu}); only for max pooling. */
    Variable forwardOfRectified(Variable input) {
        return ImageOps.maxPool2dOfRelu(input, geometry(input));
    }

    private PoolGeometry geometry(Variable input) {
        int[] shape = input.value().shape();
        if (shape.length != 4) {
            throw new ShapeException("pooling: input " + Arrays.toString(shape) + "; expected [N, C, H, W]");
        }
        return kernel == 0 ? new PoolGeometry(shape[2], shape[3], shape[2], shape[3], 1, 1, 0, 0)
                : PoolGeometry.of(shape[2], shape[3], kernel, stride, padding);
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of(kind == Kind.MAX ? "max_pool2d" : "avg_pool2d", "kernel", kernel, "stride", stride,
                "padding", padding);
    }
}
