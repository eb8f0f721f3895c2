package deepvec.simd.linalg;

/** A matrix that must be invertible is singular (to working precision). */
public final class SingularMatrixException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    public SingularMatrixException(String message) {
        super(message);
    }
}
