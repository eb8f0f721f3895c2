package deepvec.viz;

import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A grid of grey-scale images as one PNG: samples from a model, or the filters of a layer (for
 * a first layer W [pixels, units], pass its transpose so each row is one unit's weights).
 * Each image is scaled from its own minimum (black) to its own maximum (white).
 */
public final class ImageGrid {

    private static final int GAP = 1;

    private ImageGrid() {
    }

    /**
     * @param images [n, height * width], one image per row
     * @param scale pixels per image pixel (1 or more)
     */
    public static void writePng(Path file, Tensor images, int height, int width, int columns, int scale) throws IOException {
        if (images.rank() != 2 || images.dim(1) != height * width || columns < 1 || scale < 1) {
            throw new ShapeException("ImageGrid: images " + Arrays.toString(images.shape()) + " as " + height + " x " + width
                    + " in " + columns + " columns at scale " + scale + "; expected [n, " + height * width + "]");
        }
        int n = images.dim(0);
        int rows = (n + columns - 1) / columns;
        int cell = GAP + width * scale;
        int cellHeight = GAP + height * scale;
        BufferedImage picture = new BufferedImage(columns * cell + GAP, rows * cellHeight + GAP, BufferedImage.TYPE_BYTE_GRAY);
        Tensor dense = images.contiguous();
        float[] v = dense.data();
        for (int k = 0; k < n; k++) {
            int base = dense.offset() + k * height * width;
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < height * width; i++) {
                min = Math.min(min, v[base + i]);
                max = Math.max(max, v[base + i]);
            }
            float range = max > min ? max - min : 1f;
            int x0 = GAP + (k % columns) * cell;
            int y0 = GAP + (k / columns) * cellHeight;
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    int grey = Math.round(255 * (v[base + r * width + c] - min) / range);
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            picture.getRaster().setSample(x0 + c * scale + dx, y0 + r * scale + dy, 0, grey);
                        }
                    }
                }
            }
        }
        Png.write(file, picture);
    }
}
