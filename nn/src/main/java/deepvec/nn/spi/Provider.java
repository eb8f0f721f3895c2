package deepvec.nn.spi;

/**
 * What every deepvec service provider declares, whatever it provides (a layer, an optimiser, a
 * sampler): a stable type name, its own version, and the version of the SPI it was compiled
 * against. A {@link PluginRegistry} finds providers with {@link java.util.ServiceLoader}; a
 * plugin declares each one twice, as {@code provides} in its {@code module-info} and as a line
 * in {@code META-INF/services/<SPI interface>}, so it is found on the module path, the class path,
 * in a fat jar and in a plugin folder alike ({@link ServiceDeclarations} checks that the two agree).
 *
 * <p>Contract: a provider has a public no-argument constructor that does no work (discovery
 * instantiates every provider, a plugin's start-up cost is paid by every command); {@link #type()}
 * and {@link #version()} return the same non-blank strings on every call; {@link #spiVersion()}
 * returns its SPI interface's {@code SPI_VERSION} constant, which the compiler copies into the
 * plugin's class file, so a plugin built against another SPI is recognised and refused.
 */
public interface Provider {

    /** The type name a configuration refers to, e.g. {@code "gelu"}; unique within its kind. */
    String type();

    /** The provider's own version (its plugin's release), recorded in checkpoints. */
    String version();

    /**
     * The SPI version this provider was compiled against: implement it as
     * {@code return LayerProvider.SPI_VERSION;} (or the constant of the SPI it implements).
     */
    int spiVersion();
}
