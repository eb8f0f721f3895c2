package deepvec.simd.linalg;

/** A matrix given to Cholesky is not symmetric positive definite. */
public final class NotPositiveDefiniteException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    public NotPositiveDefiniteException(String message) {
        super(message);
    }
}
