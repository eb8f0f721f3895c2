package deepvec.nn.layer;

import deepvec.simd.random.Rng;

/**
 * The service a plugin implements to add a layer type (found with {@link java.util.ServiceLoader};
 * declare it with {@code provides deepvec.nn.layer.LayerProvider with ...} in the plugin's
 * module-info). The factory builds a freshly initialised layer from its config; when a model is
 * loaded, the checkpoint's parameter values then replace the initial ones by name.
 */
public interface LayerProvider {

    /** The type name this provider builds, unique across providers, e.g. {@code "linear"}. */
    String type();

    /** The provider's version, recorded in model descriptions. */
    String version();

    /**
     * A new layer for {@code config}, whose {@link Layer#config()} equals {@code config}.
     *
     * @param rng initial parameter values, for layers that have parameters
     * @throws InvalidModelException for a missing or invalid setting
     */
    Layer create(LayerConfig config, Rng rng);

    /**
     * How many parameter and buffer values (all elements of {@link Layer#namedParameters()} and
     * {@link Layer#namedBuffers()}) {@link #create} would allocate for {@code config}, computed
     * from the settings alone. A checkpoint loader compares it with the file's tensors before
     * building anything, so a damaged description cannot make it allocate more than the file
     * holds.
     *
     * @param registry for the sizes of nested layers (a container adds up its children's)
     * @throws InvalidModelException for a missing or invalid setting
     */
    long stateElements(LayerConfig config, LayerRegistry registry);
}
