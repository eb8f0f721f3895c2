package deepvec.nn.spi;

import deepvec.nn.layer.InvalidModelException;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.nn.layer.LayerRegistry;
import deepvec.simd.random.Rng;

/**
 * The service that adds a layer type. deepvec's own layers are registered through it exactly as
 * a plugin's are. The factory builds a freshly initialised layer from its config; when a model is
 * loaded, the checkpoint's parameter values then replace the initial ones by name.
 *
 * <pre>{@code
 * module my.plugin {
 *     requires deepvec.nn;
 *     provides deepvec.nn.spi.LayerProvider with my.plugin.SquareProvider;
 * }
 * // and META-INF/services/deepvec.nn.spi.LayerProvider containing: my.plugin.SquareProvider
 * }</pre>
 */
public interface LayerProvider extends Provider {

    /** The version of this interface; a provider compiled against another one is refused. */
    int SPI_VERSION = 1;

    /**
     * A new layer for {@code config}, whose {@link Layer#config()} equals {@code config}.
     *
     * @param rng initial parameter values, for layers that have parameters
     * @param registry the registry in use, so a container builds its children (plugin types included)
     * @throws InvalidModelException for a missing or invalid setting
     */
    Layer create(LayerConfig config, Rng rng, LayerRegistry registry);

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
