package com.example.gain;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.simd.Tensor;
import java.util.Arrays;
import java.util.Map;

/** y = x * g, one learned gain per feature (input [batch, features]), starting at 1. */
public final class Gain implements Layer {

    private final Variable gain;

    public Gain(int features) {
        float[] ones = new float[features];
        Arrays.fill(ones, 1f);
        gain = Variable.parameter(Tensor.of(ones, features));
    }

    @Override
    public Variable forward(Variable input) {
        return Ops.mul(input, gain);
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("gain", "features", gain.value().size());
    }

    @Override
    public Map<String, Variable> localParameters() {
        return Map.of("gain", gain);
    }
}
