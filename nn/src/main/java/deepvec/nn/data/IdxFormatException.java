package deepvec.nn.data;

import java.io.IOException;

/** A file is not a well-formed IDX file: bad magic number, unsupported type, truncated data. */
public final class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public IdxFormatException(String message) {
        super(message);
    }
}
