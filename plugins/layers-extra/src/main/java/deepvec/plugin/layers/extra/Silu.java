package deepvec.plugin.layers.extra;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;

/**
 * The sigmoid-weighted linear unit, or Swish with beta = 1 (Elfwing et al. 2017; Ramachandran
 * et al. 2017), elementwise: {@code silu(x) = x sigma(x)}. Any shape. Composed of autograd
 * primitives, so its gradient {@code sigma(x) (1 + x (1 - sigma(x)))} comes from theirs.
 */
public final class Silu implements Layer {

    @Override
    public Variable forward(Variable input) {
        return Ops.mul(input, Ops.sigmoid(input));
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of(SiluProvider.TYPE);
    }
}
