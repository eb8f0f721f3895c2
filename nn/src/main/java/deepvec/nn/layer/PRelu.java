package deepvec.nn.layer;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * Parametric ReLU (Deep Learning section 6.3.1): {@code h_i = max(0, z_i) + alpha_i min(0, z_i)}
 * with one learned slope per unit, for inputs [n, units].
 */
public final class PRelu implements Layer {

    /** The initial slope He et al. (2015) used. */
    public static final float INITIAL_SLOPE = 0.25f;

    private final Variable alpha;

    /** One slope per unit, each starting at {@link #INITIAL_SLOPE}. */
    public PRelu(int units) {
        if (units < 1) {
            throw new IllegalArgumentException("PReLU needs at least one unit, got " + units);
        }
        this.alpha = Variable.parameter(Tensor.full(INITIAL_SLOPE, units));
    }

    @Override
    public Variable forward(Variable input) {
        int units = alpha.value().dim(0);
        if (input.value().rank() != 2 || input.value().dim(1) != units) {
            throw new ShapeException("PReLU: input " + Arrays.toString(input.value().shape()) + "; expected [n, " + units + "]");
        }
        return Ops.prelu(input, alpha);
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("prelu", "units", alpha.value().dim(0));
    }

    @Override
    public Map<String, Variable> localParameters() {
        return Map.of("alpha", alpha);
    }
}
