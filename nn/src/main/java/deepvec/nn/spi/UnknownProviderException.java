package deepvec.nn.spi;

import java.util.Collection;

/** A configuration names a provider type (an optimiser, a sampler) that nothing loaded provides. */
public final class UnknownProviderException extends IllegalArgumentException {

    private final String type;

    public UnknownProviderException(String kind, String type, Collection<String> known) {
        super("unknown " + kind + " type '" + type + "'; known types: " + known
                + ". Put the plugin that provides it on the module path or in the --plugins folder.");
        this.type = type;
    }

    /** The type name nothing provides. */
    public String type() {
        return type;
    }
}
