/**
 * The service provider interface through which samplers are registered: deepvec's own and a
 * plugin's alike ({@link deepvec.probabilistic.spi.SamplerProvider}, found by
 * {@link deepvec.nn.spi.PluginRegistry}).
 */
package deepvec.probabilistic.spi;
