/**
 * The layers of the extra-layers plugin and their providers: {@link deepvec.plugin.layers.extra.Gelu},
 * {@link deepvec.plugin.layers.extra.Silu}, {@link deepvec.plugin.layers.extra.LayerNorm},
 * {@link deepvec.plugin.layers.extra.Residual} and
 * {@link deepvec.plugin.layers.extra.DepthwiseSeparableConv}.
 */
package deepvec.plugin.layers.extra;
