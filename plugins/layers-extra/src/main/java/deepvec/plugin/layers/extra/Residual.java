package deepvec.plugin.layers.extra;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.nn.layer.Sequential;
import java.util.List;
import java.util.Map;

/**
 * A residual block (He et al. 2016): {@code y = x + F(x)}, with F the body's layers applied in
 * order; the body must keep the input's shape. The identity path carries the gradient past F
 * unchanged, which is what lets deep stacks train (compare the skip connections of section 10.9).
 * The body's layers may be of any type the registry in use knows, a plugin's included.
 */
public final class Residual implements Layer {

    private final Sequential body;

    public Residual(List<Layer> body) {
        if (body.isEmpty()) {
            throw new IllegalArgumentException("a residual block needs at least one layer in its body");
        }
        this.body = new Sequential(body);
    }

    @Override
    public Variable forward(Variable input) {
        Variable residual = body.forward(input);
        if (!java.util.Arrays.equals(residual.value().shape(), input.value().shape())) {
            throw new IllegalArgumentException("a residual block's body must keep the input's shape "
                    + java.util.Arrays.toString(input.value().shape()) + ", it gave " + java.util.Arrays.toString(residual.value().shape()));
        }
        return Ops.add(input, residual);
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of(ResidualProvider.TYPE, "layers", body.layers().stream().map(Layer::config).toList());
    }

    @Override
    public Map<String, Layer> children() {
        return Map.of("body", body);
    }
}
