package deepvec.nn.spi;

/**
 * One loaded provider as {@code ./deepvec plugins} lists it.
 *
 * @param kind the SPI's simple name, e.g. {@code "LayerProvider"}
 * @param type the type name configurations use
 * @param version the provider's version
 * @param module the module that holds it ({@code "(class path)"} for the unnamed module)
 * @param location the jar or folder it was loaded from
 */
public record ProviderInfo(String kind, String type, String version, String module, String location) {

    /** What {@link #module()} says for a provider in the unnamed module. */
    public static final String CLASS_PATH = "(class path)";

    /**
     * {@code module@version}, what a checkpoint records as a layer's plugin; for a provider on
     * the class path, which has no module name, its jar's (or folder's) name instead.
     */
    public String origin() {
        if (!module.equals(CLASS_PATH)) {
            return module + "@" + version;
        }
        String[] parts = location.split("/");
        return (parts.length == 0 ? location : parts[parts.length - 1]) + "@" + version;
    }
}
