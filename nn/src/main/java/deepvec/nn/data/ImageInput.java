package deepvec.nn.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an image classifier reads, recorded in its checkpoint's settings so that a stranger's
 * image can be prepared the same way ({@code ./deepvec predict}): grey images of
 * {@code height x width} pixels, each scaled to [0, 1] by {@code / 255}, light objects on a dark
 * background as in Fashion-MNIST, flattened row by row into the {@code height * width} features
 * of one example, and the names of the classes the model's outputs score.
 *
 * @param height rows of pixels
 * @param width columns of pixels
 * @param lightOnDark whether objects are light on a dark background (Fashion-MNIST's convention)
 * @param classes the class names, in output order
 */
public record ImageInput(int height, int width, boolean lightOnDark, List<String> classes) {

    /** Fashion-MNIST's: 28 x 28 grey, light on dark, its ten class names. */
    public static final ImageInput FASHION_MNIST = new ImageInput(FashionMnist.SIDE, FashionMnist.SIDE, true, FashionMnist.CLASS_NAMES);

    private static final String HEIGHT = "input.height";
    private static final String WIDTH = "input.width";
    private static final String LIGHT_ON_DARK = "input.light_on_dark";
    private static final String SCALE = "input.scale";
    private static final String CLASSES = "input.classes";
    private static final String SCALE_VALUE = "1/255";

    public ImageInput {
        if (height < 1 || width < 1 || classes.isEmpty()) {
            throw new IllegalArgumentException("an image input needs positive sides and at least one class, got " + height + " x " + width
                    + " and " + classes);
        }
        for (String name : classes) {
            if (name.isEmpty() || name.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("class names must be non-empty single lines, got " + classes);
            }
        }
        classes = List.copyOf(classes);
    }

    /** As checkpoint settings ({@code input.*}). */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(HEIGHT, Integer.toString(height));
        settings.put(WIDTH, Integer.toString(width));
        settings.put(LIGHT_ON_DARK, Boolean.toString(lightOnDark));
        settings.put(SCALE, SCALE_VALUE);
        settings.put(CLASSES, String.join("\n", classes));
        return settings;
    }

    /**
     * The input a checkpoint's settings record, or empty if they record none.
     *
     * @throws IllegalArgumentException if they record one that is malformed
     */
    public static Optional<ImageInput> fromSettings(Map<String, String> settings) {
        if (!settings.containsKey(HEIGHT)) {
            return Optional.empty();
        }
        if (!SCALE_VALUE.equals(settings.get(SCALE)) || !settings.containsKey(WIDTH) || !settings.containsKey(CLASSES)) {
            throw new IllegalArgumentException("the recorded image input is incomplete or of an unknown scale: " + settings);
        }
        try {
            return Optional.of(new ImageInput(Integer.parseInt(settings.get(HEIGHT)), Integer.parseInt(settings.get(WIDTH)),
                    Boolean.parseBoolean(settings.get(LIGHT_ON_DARK)), Arrays.asList(settings.get(CLASSES).split("\n"))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the recorded image size is not a number: " + settings.get(HEIGHT) + " x "
                    + settings.get(WIDTH), e);
        }
    }

    /** Features per example: height times width. */
    public int features() {
        return height * width;
    }
}
