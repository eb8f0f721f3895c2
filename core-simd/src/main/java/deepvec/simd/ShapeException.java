package deepvec.simd;

/**
 * A tensor or matrix argument has the wrong shape, rank or layout for the operation. The
 * message names the operation, what it received and what it expected.
 */
public final class ShapeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }
}
