package deepvec.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A sound checkpoint of another run than the one resuming from it: it holds other components
 * (a model, optimizer, generator or listener state more or fewer) or was trained with other
 * settings (batch size, seed, schedule, ...), so continuing would not reproduce the run it
 * saved. Each difference is listed. Nothing is loaded when this is thrown.
 */
public final class ResumeMismatchException extends IOException {

    private final transient List<String> differences;

    public ResumeMismatchException(Path file, List<String> differences) {
        super(file + ": it was saved by another run than this one:\n  " + String.join("\n  ", differences)
                + "\nresume with the saved settings, or start a new run");
        this.differences = List.copyOf(differences);
    }

    /** What differs, one line each. */
    public List<String> differences() {
        return differences;
    }
}
