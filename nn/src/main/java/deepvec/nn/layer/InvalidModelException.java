package deepvec.nn.layer;

/** A model description that cannot be turned into layers: a missing or ill-typed setting, a bad value. */
public class InvalidModelException extends IllegalArgumentException {

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
