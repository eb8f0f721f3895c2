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

    /** {@code module@version}, what a checkpoint records as a layer's plugin. */
    public String origin() {
        return module + "@" + version;
    }
}
