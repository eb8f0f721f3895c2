/**
 * Layers: {@link deepvec.nn.layer.Layer} and the built-in ones (dense, convolutional, pooling,
 * normalisation, dropout, recurrent, embedding, and containers such as
 * {@link deepvec.nn.layer.Sequential}), their configurations ({@link deepvec.nn.layer.LayerConfig})
 * and the registry that builds a layer from its type name and configuration
 * ({@link deepvec.nn.layer.LayerRegistry}, extended through {@link deepvec.nn.spi.LayerProvider}).
 */
package deepvec.nn.layer;
