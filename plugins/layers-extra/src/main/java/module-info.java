/**
 * Extra layer types as a deepvec plugin: GELU, SiLU (Swish), layer normalisation, a residual
 * block and depthwise-separable convolution. Built on deepvec's public API only, as a third
 * party's plugin would be.
 */
module deepvec.plugin.layers.extra {
    requires deepvec.nn;

    exports deepvec.plugin.layers.extra;

    provides deepvec.nn.spi.LayerProvider with
            deepvec.plugin.layers.extra.GeluProvider,
            deepvec.plugin.layers.extra.SiluProvider,
            deepvec.plugin.layers.extra.LayerNormProvider,
            deepvec.plugin.layers.extra.ResidualProvider,
            deepvec.plugin.layers.extra.DepthwiseSeparableConvProvider;
}
