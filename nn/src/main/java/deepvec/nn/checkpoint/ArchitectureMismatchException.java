package deepvec.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A well-formed checkpoint whose contents do not fit the model (or optimizer) they are loaded
 * into: parameters missing from the file, tensors the model does not have, or shapes that
 * differ, each listed by name. Nothing is loaded when this is thrown.
 */
public final class ArchitectureMismatchException extends IOException {

    private final transient List<String> missing;
    private final transient List<String> unexpected;
    private final transient List<String> wrongShape;

    public ArchitectureMismatchException(Path file, String what, List<String> missing, List<String> unexpected,
            List<String> wrongShape) {
        super(file + ": " + what + " does not fit" + part("missing from the file", missing) + part("not in the model", unexpected)
                + part("of another shape", wrongShape));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.wrongShape = List.copyOf(wrongShape);
    }

    private static String part(String label, List<String> names) {
        return names.isEmpty() ? "" : "\n  " + label + ": " + String.join(", ", names);
    }

    /** Names the model has but the file lacks. */
    public List<String> missing() {
        return missing;
    }

    /** Names the file has but the model lacks. */
    public List<String> unexpected() {
        return unexpected;
    }

    /** Names present in both with different shapes, each with both shapes. */
    public List<String> wrongShape() {
        return wrongShape;
    }
}
