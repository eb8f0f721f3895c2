package deepvec.nn.layer;

import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Layers applied in order, the composition f(x) = f_L(...f_1(x)) of section 6.4. Parameters and
 * generators are named "index.name", e.g. "0.weight".
 */
public final class Sequential implements Layer {

    private final List<Layer> layers;

    public Sequential(Layer... layers) {
        this(List.of(layers));
    }

    public Sequential(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    @Override
    public Variable forward(Variable input) {
        Variable x = input;
        for (Layer layer : layers) {
            x = layer.forward(x);
        }
        return x;
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("sequential", "layers", layers.stream().map(Layer::config).toList());
    }

    @Override
    public Map<String, Variable> namedParameters() {
        return prefixed(Layer::namedParameters);
    }

    @Override
    public Map<String, Tensor> namedBuffers() {
        return prefixed(Layer::namedBuffers);
    }

    @Override
    public Map<String, Rng> generators() {
        return prefixed(Layer::generators);
    }

    @Override
    public List<Variable> activityPenalties() {
        List<Variable> penalties = new ArrayList<>();
        layers.forEach(layer -> penalties.addAll(layer.activityPenalties()));
        return penalties;
    }

    private <T> Map<String, T> prefixed(Function<Layer, Map<String, T>> named) {
        Map<String, T> all = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Map.Entry<String, T> e : named.apply(layers.get(i)).entrySet()) {
                all.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return all;
    }

    @Override
    public void setTraining(boolean training) {
        layers.forEach(layer -> layer.setTraining(training));
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return layers;
    }
}
