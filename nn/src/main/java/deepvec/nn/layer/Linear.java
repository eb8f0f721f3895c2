package deepvec.nn.layer;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.init.Initializers;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fully connected layer {@code y = x W + b} (Deep Learning eq. 6.1-6.3 applied to a batch):
 * x is [n, in], W is [in, out], b is [out]. W is stored [in, out] so the forward product reads
 * it in place, row-major, with no transpose. Followed by a ReLU in a {@link Sequential}, it runs
 * as one fused op ({@link Ops#linear}).
 */
public final class Linear implements Layer, Rectifiable {

    private final Variable weight;
    private final Variable bias;

    /** Weights by normalized (Glorot) initialisation (eq. 8.23), zero biases. */
    public Linear(int in, int out, Rng rng) {
        this(Initializers.glorotUniform(rng, in, out), Tensor.zeros(out));
    }

    /**
     * A layer with the given initial values.
     *
     * @throws ShapeException unless weight is [in, out] and bias is [out]
     */
    public Linear(Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || bias.rank() != 1 || bias.dim(0) != weight.dim(1)) {
            throw new ShapeException("Linear: weight " + Arrays.toString(weight.shape()) + " and bias "
                    + Arrays.toString(bias.shape()) + "; expected [in, out] and [out]");
        }
        this.weight = Variable.parameter(weight.copy());
        this.bias = Variable.parameter(bias.copy());
    }

    @Override
    public Variable forward(Variable input) {
        return Ops.linear(checked(input), weight, bias, false);
    }

    @Override
    public Variable forwardRectified(Variable input) {
        return Ops.linear(checked(input), weight, bias, true);
    }

    private Variable checked(Variable input) {
        int in = weight.value().dim(0);
        if (input.value().rank() != 2 || input.value().dim(1) != in) {
            throw new ShapeException("Linear: input " + Arrays.toString(input.value().shape()) + "; expected [n, " + in + "]");
        }
        return input;
    }

    /** The input width, in. */
    public int inputs() {
        return weight.value().dim(0);
    }

    /** The output width, out. */
    public int outputs() {
        return weight.value().dim(1);
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("linear", "in", inputs(), "out", outputs());
    }

    @Override
    public Map<String, Variable> localParameters() {
        Map<String, Variable> params = new LinkedHashMap<>();
        params.put("weight", weight);
        params.put("bias", bias);
        return params;
    }
}
