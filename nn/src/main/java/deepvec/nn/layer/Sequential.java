package deepvec.nn.layer;

import deepvec.nn.autograd.Variable;
import deepvec.simd.random.Rng;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Layers applied in order, the composition f(x) = f_L(...f_1(x)) of section 6.4. Each layer is
 * a child named by its index ("0", "1", ...) unless the user names it, so parameters are named
 * "0.weight" or "encoder.weight".
 *
 * <pre>{@code
 * Sequential mlp = new Sequential(new Linear(784, 256, rng), Activation.relu(), new Linear(256, 10, rng));
 * Sequential ae = Sequential.named(Map.entry("encoder", encoder), Map.entry("decoder", decoder));
 * }</pre>
 */
public final class Sequential implements Layer {

    private final SequencedMap<String, Layer> layers;
    private final List<Layer> ordered;

    public Sequential(Layer... layers) {
        this(List.of(layers));
    }

    public Sequential(List<Layer> layers) {
        this(indexNames(layers));
    }

    private Sequential(SequencedMap<String, Layer> named) {
        this.layers = named;
        this.ordered = List.copyOf(named.values());
    }

    private static SequencedMap<String, Layer> indexNames(List<Layer> layers) {
        SequencedMap<String, Layer> named = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            named.put(Integer.toString(i), layers.get(i));
        }
        return named;
    }

    /**
     * Layers with the given names, applied in the order given.
     *
     * @throws IllegalArgumentException for a repeated or empty name, or one that contains '.'
     */
    @SafeVarargs
    public static Sequential named(Map.Entry<String, Layer>... namedLayers) {
        SequencedMap<String, Layer> named = new LinkedHashMap<>();
        for (Map.Entry<String, Layer> e : namedLayers) {
            String name = e.getKey();
            if (name.isEmpty() || name.contains(".") || named.putIfAbsent(name, e.getValue()) != null) {
                throw new IllegalArgumentException("layer name '" + name + "' is empty, contains '.' or is repeated; names in a "
                        + "Sequential are unique path segments");
            }
        }
        return new Sequential(named);
    }

    static Sequential fromConfig(LayerConfig config, LayerRegistry registry, Rng rng) {
        List<Layer> built = config.layersSetting("layers").stream().map(child -> registry.create(child, rng)).toList();
        if (!config.settings().containsKey("names")) {
            return new Sequential(built);
        }
        List<String> names = config.stringsSetting("names");
        if (names.size() != built.size()) {
            throw new InvalidModelException("sequential: " + names.size() + " names for " + built.size() + " layers");
        }
        @SuppressWarnings("unchecked")
        Map.Entry<String, Layer>[] entries = new Map.Entry[built.size()];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = Map.entry(names.get(i), built.get(i));
        }
        try {
            return named(entries);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("sequential: " + e.getMessage(), e);
        }
    }

    /**
     * Applies the layers in order, fusing a ReLU with its neighbour where that saves a pass and
     * a tensor and gives the same values and gradients: a ReLU before max pooling runs after it
     * on the pooled values ({@link Pool2d#forwardOfRectified}); otherwise a ReLU after a layer
     * that can apply it itself ({@link Rectifiable}: linear, convolution) runs inside that layer.
     */
    @Override
    public Variable forward(Variable input) {
        List<Layer> list = ordered;
        Variable x = input;
        for (int i = 0; i < list.size(); i++) {
            Layer layer = list.get(i);
            Layer next = i + 1 < list.size() ? list.get(i + 1) : null;
            if (Activation.isRelu(layer) && reluCommutesWith(next)) {
                x = ((Pool2d) next).forwardOfRectified(x);
                i++;
            } else if (layer instanceof Rectifiable fusable && Activation.isRelu(next)
                    && !reluCommutesWith(i + 2 < list.size() ? list.get(i + 2) : null)) {
                x = fusable.forwardRectified(x);
                i++;
            } else {
                x = layer.forward(x);
            }
        }
        return x;
    }

    private static boolean reluCommutesWith(Layer layer) {
        return layer instanceof Pool2d pool && pool.commutesWithRelu();
    }

    @Override
    public LayerConfig config() {
        List<LayerConfig> configs = layers.values().stream().map(Layer::config).toList();
        if (hasIndexNames()) {
            return LayerConfig.of("sequential", "layers", configs);
        }
        return LayerConfig.of("sequential", "names", List.copyOf(layers.keySet()), "layers", configs);
    }

    private boolean hasIndexNames() {
        int i = 0;
        for (String name : layers.keySet()) {
            if (!name.equals(Integer.toString(i++))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Map<String, Layer> children() {
        return Collections.unmodifiableMap(layers);
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return ordered;
    }
}
