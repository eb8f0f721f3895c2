package deepvec.nn.layer;

import deepvec.nn.autograd.ShapeOps;
import deepvec.nn.autograd.Variable;
import deepvec.simd.ShapeException;
import java.util.Arrays;

/**
 * Moves a batch between feature vectors [N, D] and images [N, C, H, W]: {@link #flatten()}
 * (any [N, ...] to [N, D], before a fully connected layer) and {@link #toImages} (rows of
 * C H W pixels, as datasets store them, to image planes).
 */
public final class Reshape implements Layer {

    private final int[] imageShape;   // null: flatten

    private Reshape(int[] imageShape) {
        this.imageShape = imageShape;
    }

    /** [N, d1, d2, ...] -> [N, d1 d2 ...]. */
    public static Reshape flatten() {
        return new Reshape(null);
    }

    /** [N, C H W] -> [N, C, H, W]. */
    public static Reshape toImages(int channels, int height, int width) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape " + channels + "x" + height + "x" + width + " must be positive");
        }
        return new Reshape(new int[] {channels, height, width});
    }

    @Override
    public Variable forward(Variable input) {
        int[] shape = input.value().shape();
        int n = shape[0];
        if (imageShape == null) {
            return ShapeOps.reshape(input, n, input.value().size() / Math.max(n, 1));
        }
        int pixels = imageShape[0] * imageShape[1] * imageShape[2];
        if (shape.length != 2 || shape[1] != pixels) {
            throw new ShapeException("to images " + Arrays.toString(imageShape) + ": input " + Arrays.toString(shape)
                    + "; expected [N, " + pixels + "]");
        }
        return ShapeOps.reshape(input, n, imageShape[0], imageShape[1], imageShape[2]);
    }

    @Override
    public LayerConfig config() {
        return imageShape == null ? LayerConfig.of("flatten")
                : LayerConfig.of("to_images", "channels", imageShape[0], "height", imageShape[1], "width", imageShape[2]);
    }
}
