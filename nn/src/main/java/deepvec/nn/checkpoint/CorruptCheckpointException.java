package deepvec.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file that cannot be read back whole: truncated, with a damaged header, a checksum
 * that does not match its data, or contents that do not fit the model it is loaded into.
 * Nothing is loaded when this is thrown.
 */
public final class CorruptCheckpointException extends IOException {

    private final Path file;

    public CorruptCheckpointException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public CorruptCheckpointException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The file that was being read. */
    public Path file() {
        return file;
    }
}
