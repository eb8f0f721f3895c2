package deepvec.nn.data;

import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;

/**
 * Random transformations of training images that leave their class unchanged (dataset
 * augmentation, Deep Learning section 7.4): a translation by up to {@code maxShift} pixels in
 * each direction, the uncovered border filled with {@code background} (a random crop of the
 * padded image), and a horizontal flip with probability {@code flipProbability}. Each image of a
 * batch [b, C H W] gets its own draw from the given generator, so a seed fixes every batch.
 */
public final class ImageAugmentation implements BatchTransform {

    private final int channels;
    private final int height;
    private final int width;
    private final int maxShift;
    private final float flipProbability;
    private final float background;

    /**
     * @param maxShift largest translation in pixels, per axis, >= 0
     * @param flipProbability chance of a left-right mirror, in [0, 1]
     * @param background the value of the pixels a shift uncovers
     */
    public ImageAugmentation(int channels, int height, int width, int maxShift, float flipProbability, float background) {
        if (channels < 1 || height < 1 || width < 1 || maxShift < 0 || maxShift >= Math.min(height, width)
                || !(flipProbability >= 0f && flipProbability <= 1f)) {
            throw new IllegalArgumentException("augmentation of " + channels + "x" + height + "x" + width + " images, shift "
                    + maxShift + ", flip probability " + flipProbability
                    + "; expected positive sizes, 0 <= shift < image side and a probability in [0, 1]");
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.maxShift = maxShift;
        this.flipProbability = flipProbability;
        this.background = background;
    }

    /** Shifts of up to 2 pixels and left-right flips of 1 x 28 x 28 images on a black background (Fashion-MNIST). */
    public static ImageAugmentation fashionMnist() {
        return new ImageAugmentation(1, 28, 28, 2, 0.5f, 0f);
    }

    /**
     * A new batch with every image transformed by its own random shift and flip.
     *
     * @throws IllegalArgumentException if the rows are not C H W pixels
     */
    @Override
    public Batch apply(Batch batch, Rng rng) {
        Tensor x = batch.features();
        int pixels = channels * height * width;
        if (x.rank() != 2 || x.dim(1) != pixels) {
            throw new IllegalArgumentException("augmentation: batch " + Arrays.toString(x.shape()) + "; expected [b, " + pixels + "]");
        }
        Tensor dense = x.contiguous();
        float[] out = new float[dense.size()];
        for (int n = 0; n < batch.size(); n++) {
            int dy = rng.nextInt(2 * maxShift + 1) - maxShift;
            int dx = rng.nextInt(2 * maxShift + 1) - maxShift;
            boolean flip = rng.nextFloat() < flipProbability;
            transform(dense.data(), dense.offset() + n * pixels, out, n * pixels, dy, dx, flip);
        }
        return batch.with(Dataset.FEATURES, Tensor.of(out, x.shape()));
    }

    /** out(c, h, w) = in(c, h - dy, w' - dx) with w' = w or its mirror, background outside. */
    private void transform(float[] in, int from, float[] out, int to, int dy, int dx, boolean flip) {
        for (int c = 0; c < channels; c++) {
            for (int h = 0; h < height; h++) {
                int sh = h - dy;
                int row = to + (c * height + h) * width;
                if (sh < 0 || sh >= height) {
                    Arrays.fill(out, row, row + width, background);
                    continue;
                }
                int source = from + (c * height + sh) * width;
                for (int w = 0; w < width; w++) {
                    int sw = (flip ? width - 1 - w : w) - dx;
                    out[row + w] = sw < 0 || sw >= width ? background : in[source + sw];
                }
            }
        }
    }
}
