package deepvec.plugin.layers.extra;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.simd.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Layer normalisation (Ba, Kiros and Hinton 2016), as PyTorch's {@code nn.LayerNorm(features)}:
 * over the last axis of each example,
 * {@code y = (x - mean) / sqrt(var + eps) * gamma + beta}, with the biased variance and the gain
 * gamma (ones) and bias beta (zeros) learned per feature. Input {@code [..., features]}. Unlike
 * batch normalisation (section 8.7.1) it uses no batch statistics, so training and inference
 * compute the same function. Composed of autograd primitives.
 */
public final class LayerNorm implements Layer {

    private final int features;
    private final float eps;
    private final Variable gamma;
    private final Variable beta;

    public LayerNorm(int features, float eps) {
        if (features < 1 || !(eps > 0)) {
            throw new IllegalArgumentException("layer norm needs features >= 1 and eps > 0, got " + features + " and " + eps);
        }
        this.features = features;
        this.eps = eps;
        float[] ones = new float[features];
        Arrays.fill(ones, 1f);
        this.gamma = Variable.parameter(Tensor.of(ones, features));
        this.beta = Variable.parameter(Tensor.zeros(features));
    }

    @Override
    public Variable forward(Variable input) {
        int[] shape = input.value().shape();
        if (shape[shape.length - 1] != features) {
            throw new IllegalArgumentException("layer norm over " + features + " features got input of shape " + Arrays.toString(shape));
        }
        int axis = shape.length - 1;
        Variable centred = Ops.sub(input, Ops.mean(input, axis, true));
        Variable variance = Ops.mean(Ops.square(centred), axis, true);
        Variable eps = Variable.constant(Tensor.of(new float[] {this.eps}, 1));
        Variable normalised = Ops.div(centred, Ops.sqrt(Ops.add(variance, eps)));
        return Ops.add(Ops.mul(normalised, gamma), beta);
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of(LayerNormProvider.TYPE, "features", features, "eps", eps);
    }

    @Override
    public Map<String, Variable> localParameters() {
        Map<String, Variable> parameters = new LinkedHashMap<>();
        parameters.put("weight", gamma);
        parameters.put("bias", beta);
        return parameters;
    }
}
