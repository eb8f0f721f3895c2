package deepvec.nn.layer;

/** A model description names a layer type that neither deepvec nor any loaded plugin provides. */
public final class UnknownLayerTypeException extends InvalidModelException {

    private final String type;

    public UnknownLayerTypeException(String type, String message) {
        super(message);
        this.type = type;
    }

    /** The type name nobody provides. */
    public String type() {
        return type;
    }
}
