/**
 * The service provider interfaces through which deepvec's own layers and optimisers are
 * registered and plugins add theirs: {@link deepvec.nn.spi.LayerProvider},
 * {@link deepvec.nn.spi.OptimizerProvider} (both {@link deepvec.nn.spi.Provider}s: a type name,
 * a version, the SPI version, a factory), and the {@link deepvec.nn.spi.PluginRegistry} that
 * finds them on the module path, the class path and in a plugin folder, isolating each one.
 */
package deepvec.nn.spi;
