package deepvec.nn.layer;

import deepvec.nn.autograd.Variable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Layers applied in order; parameters are named "index.name", e.g. "0.weight". */
public final class Sequential implements Layer {

    private final List<Layer> layers;

    public Sequential(Layer... layers) {
        this.layers = List.of(layers);
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
    public Map<String, Variable> namedParameters() {
        Map<String, Variable> params = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Map.Entry<String, Variable> e : layers.get(i).namedParameters().entrySet()) {
                params.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return params;
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
