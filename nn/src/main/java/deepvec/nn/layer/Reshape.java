package deepvec.nn.layer;

import deepvec.nn.autograd.ShapeOps;
import deepvec.nn.autograd.Variable;
import deepvec.simd.ShapeException;
import java.util.Arrays;

/**
 * Moves a batch between feature vectors [N, D] and structured examples: {@link #flatten()}
 * (any [N, ...] to [N, D], before a fully connected layer), {@link #toImages} (rows of C H W
 * pixels, as datasets store them, to image planes [N, C, H, W]) and {@link #toSequences} (rows
 * of T D values to sequences [N, T, D], e.g. an image read row by row) and {@link #toRows}
 * ([N, T, D] to [N T, D], so a linear layer applies to every step of a sequence).
 */
public final class Reshape implements Layer {

    private final String type;
    private final int[] exampleShape;   // null: flatten

    private Reshape(String type, int[] exampleShape) {
        this.type = type;
        this.exampleShape = exampleShape;
    }

    /** [N, d1, d2, ...] -> [N, d1 d2 ...]. */
    public static Reshape flatten() {
        return new Reshape("flatten", null);
    }

    /** [N, C H W] -> [N, C, H, W]. */
    public static Reshape toImages(int channels, int height, int width) {
        return new Reshape("to_images", positive("image shape", channels, height, width));
    }

    /** [N, T D] -> [N, T, D]: T steps of D features each. */
    public static Reshape toSequences(int steps, int features) {
        return new Reshape("to_sequences", positive("sequence shape", steps, features));
    }

    /** [N, ..., D] -> [N ..., D]: every vector of the last axis a row. */
    public static Reshape toRows(int width) {
        return new Reshape("to_rows", positive("row width", width));
    }

    private static int[] positive(String what, int... extents) {
        for (int e : extents) {
            if (e < 1) {
                throw new IllegalArgumentException(what + " " + Arrays.toString(extents) + " must be positive");
            }
        }
        return extents;
    }

    @Override
    public Variable forward(Variable input) {
        int[] shape = input.value().shape();
        int n = shape[0];
        if (exampleShape == null) {
            return ShapeOps.reshape(input, n, input.value().size() / Math.max(n, 1));
        }
        if (type.equals("to_rows")) {
            int width = exampleShape[0];
            if (shape[shape.length - 1] != width) {
                throw new ShapeException("to rows of " + width + ": input " + Arrays.toString(shape) + "; expected [..., " + width + "]");
            }
            return ShapeOps.reshape(input, input.value().size() / width, width);
        }
        int values = 1;
        for (int e : exampleShape) {
            values *= e;
        }
        if (shape.length != 2 || shape[1] != values) {
            throw new ShapeException(type + " " + Arrays.toString(exampleShape) + ": input " + Arrays.toString(shape)
                    + "; expected [N, " + values + "]");
        }
        int[] target = new int[exampleShape.length + 1];
        target[0] = n;
        System.arraycopy(exampleShape, 0, target, 1, exampleShape.length);
        return ShapeOps.reshape(input, target);
    }

    @Override
    public LayerConfig config() {
        return switch (type) {
            case "to_images" -> LayerConfig.of(type, "channels", exampleShape[0], "height", exampleShape[1], "width", exampleShape[2]);
            case "to_sequences" -> LayerConfig.of(type, "steps", exampleShape[0], "features", exampleShape[1]);
            case "to_rows" -> LayerConfig.of(type, "width", exampleShape[0]);
            default -> LayerConfig.of(type);
        };
    }
}
