package deepvec.nn.layer;

import deepvec.nn.seq2seq.EncoderDecoder;
import deepvec.simd.Recurrent;
import deepvec.simd.random.Rng;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ServiceLoader;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Turns layer configs back into layers: deepvec's own types plus every {@link LayerProvider}
 * found by a {@link ServiceLoader} (the module path, or a plugin layer's loader).
 */
public final class LayerRegistry {

    /** The setting under which {@link #describe} records the providing plugin. */
    public static final String PLUGIN_SETTING = "plugin";

    private final Map<String, BuiltIn> builtIns = new LinkedHashMap<>();
    private final Map<String, LayerProvider> plugins = new LinkedHashMap<>();

    private LayerRegistry() {
    }

    /** deepvec's layers and the providers visible to this module's service loader. */
    public static LayerRegistry standard() {
        return withProviders(ServiceLoader.load(LayerProvider.class, LayerRegistry.class.getClassLoader()));
    }

    /**
     * deepvec's layers and the given providers (for example a plugin {@link ModuleLayer}'s).
     *
     * @throws IllegalStateException if two providers claim the same type
     */
    public static LayerRegistry withProviders(Iterable<LayerProvider> plugins) {
        LayerRegistry registry = new LayerRegistry();
        registry.builtIn("linear", (c, rng) -> new Linear(c.intSetting("in"), c.intSetting("out"), rng),
                c -> linearElements(c, "in", "out", 1));
        registry.stateless("identity", c -> Activation.identity());
        registry.stateless("relu", c -> Activation.relu());
        registry.stateless("leaky_relu", c -> Activation.leakyRelu(c.floatSetting("slope")));
        registry.stateless("abs", c -> Activation.abs());
        registry.stateless("sigmoid", c -> Activation.sigmoid());
        registry.stateless("tanh", c -> Activation.tanh());
        registry.stateless("softplus", c -> Activation.softplus());
        registry.stateless("softmax", c -> Activation.softmax());
        registry.builtIn("prelu", (c, rng) -> new PRelu(c.intSetting("units")), c -> positive(c, "units"));
        registry.builtIn("maxout", (c, rng) -> new Maxout(c.intSetting("in"), c.intSetting("out"), c.intSetting("pieces"), rng),
                c -> linearElements(c, "in", "out", positive(c, "pieces")));
        registry.stateless("dropout", c -> new Dropout(c.floatSetting("p"), c.longSetting("seed")));
        registry.stateless("sparsity_penalty", c -> new SparsityPenalty(c.floatSetting("alpha")));
        registry.builtIn("conv2d", Conv2d::fromConfig, Conv2d::stateElements);
        registry.stateless("max_pool2d", c -> new Pool2d(Pool2d.Kind.MAX, c.intSetting("kernel"), c.intSetting("stride"),
                c.intSetting("padding")));
        registry.stateless("avg_pool2d", c -> new Pool2d(Pool2d.Kind.AVERAGE, c.intSetting("kernel"), c.intSetting("stride"),
                c.intSetting("padding")));
        registry.stateless("flatten", c -> Reshape.flatten());
        registry.stateless("to_images", c -> Reshape.toImages(c.intSetting("channels"), c.intSetting("height"), c.intSetting("width")));
        registry.stateless("to_sequences", c -> Reshape.toSequences(c.intSetting("steps"), c.intSetting("features")));
        registry.stateless("to_rows", c -> Reshape.toRows(c.intSetting("width")));
        registry.builtIn("bidirectional", Bidirectional::fromConfig, Bidirectional::stateElements);
        registry.builtIn("leaky_rnn", LeakyRecurrentLayer::fromConfig, LeakyRecurrentLayer::stateElements);
        registry.builtIn("hierarchical_softmax", (c, rng) -> new HierarchicalSoftmax(c.intSetting("hidden"), c.intsSetting("classes_of"),
                rng), HierarchicalSoftmax::stateElements);
        registry.builtIn("embedding", Embedding::fromConfig,
                c -> Math.multiplyExact(positive(c, "vocabulary"), positive(c, "dimension")));
        for (Recurrent.Cell cell : Recurrent.Cell.values()) {
            registry.builtIn(RecurrentLayer.typeOf(cell), (c, rng) -> RecurrentLayer.fromConfig(cell, c, rng),
                    c -> RecurrentLayer.stateElements(cell, c));
        }
        registry.builtIn("output_rnn", OutputRecurrentNetwork::fromConfig, OutputRecurrentNetwork::stateElements);
        registry.builtIn("encoder_decoder", EncoderDecoder::fromConfig, EncoderDecoder::stateElements);
        registry.builtIn("batch_norm", (c, rng) -> new BatchNorm(c.intSetting("channels"), c.floatSetting("momentum"),
                c.floatSetting("eps")), c -> Math.multiplyExact(4L, positive(c, "channels")));       // gamma, beta, running mean and variance
        registry.stateless("local_response_norm", c -> new LocalResponseNorm(c.intSetting("size"), c.floatSetting("alpha"),
                c.floatSetting("beta"), c.floatSetting("k")));
        registry.builtIn("sequential", (c, rng) -> Sequential.fromConfig(c, registry, rng),
                c -> sum(c.layersSetting("layers"), registry));
        registry.builtIn("autoencoder", (c, rng) -> Autoencoder.fromConfig(c, registry, rng),
                c -> Math.addExact(Autoencoder.ownElements(c), sum(c.layersSetting("activation"), registry)));
        for (LayerProvider provider : plugins) {
            if (registry.builtIns.containsKey(provider.type())) {
                throw new IllegalStateException("plugin " + moduleOf(provider) + " provides layer type '" + provider.type()
                        + "', which is one of deepvec's own");
            }
            LayerProvider previous = registry.plugins.putIfAbsent(provider.type(), provider);
            if (previous != null) {
                throw new IllegalStateException("layer type '" + provider.type() + "' is provided twice: by "
                        + moduleOf(previous) + " and by " + moduleOf(provider));
            }
        }
        return registry;
    }

    private void builtIn(String type, BiFunction<LayerConfig, Rng, Layer> factory, ToLongFunction<LayerConfig> stateElements) {
        builtIns.put(type, new BuiltIn(factory, stateElements));
    }

    private void stateless(String type, Function<LayerConfig, Layer> factory) {
        builtIn(type, (c, rng) -> factory.apply(c), c -> 0L);
    }

    /** A deepvec layer type: its factory and the size of what it holds. */
    private record BuiltIn(BiFunction<LayerConfig, Rng, Layer> factory, ToLongFunction<LayerConfig> stateElements) {
    }

    /** An integer setting that must be at least 1. */
    static long positive(LayerConfig c, String name) {
        int value = c.intSetting(name);
        if (value < 1) {
            throw new InvalidModelException("layer '" + c.type() + "' setting '" + name + "' is " + value + "; expected at least 1");
        }
        return value;
    }

    /** The weights and biases of an affine map from {@code in} to {@code out} times {@code pieces} units. */
    static long linearElements(LayerConfig c, String in, String out, long pieces) {
        long units = Math.multiplyExact(positive(c, out), pieces);
        return Math.addExact(Math.multiplyExact(positive(c, in), units), units);
    }

    private static long sum(List<LayerConfig> layers, LayerRegistry registry) {
        long total = 0;
        for (LayerConfig layer : layers) {
            total = Math.addExact(total, registry.stateElements(layer));
        }
        return total;
    }

    /**
     * A freshly initialised layer for {@code config}.
     *
     * @throws UnknownLayerTypeException if no provider builds this type
     * @throws InvalidModelException if the config's settings are missing or invalid
     */
    public Layer create(LayerConfig config, Rng rng) {
        BuiltIn builtIn = builtIns.get(config.type());
        LayerProvider provider = plugins.get(config.type());
        requireKnown(config, builtIn, provider);
        try {
            return builtIn != null ? builtIn.factory().apply(config, rng) : provider.create(config, rng);
        } catch (InvalidModelException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("layer '" + config.type() + "': " + e.getMessage(), e);
        }
    }

    /**
     * How many parameter and buffer values a layer built from {@code config} holds (nested
     * layers included), computed from the settings alone, without allocating: what a checkpoint
     * loader compares with the file before building the model.
     *
     * @throws UnknownLayerTypeException if no provider builds a type
     * @throws InvalidModelException if a setting is missing or not valid, or the count overflows
     */
    public long stateElements(LayerConfig config) {
        BuiltIn builtIn = builtIns.get(config.type());
        LayerProvider provider = plugins.get(config.type());
        requireKnown(config, builtIn, provider);
        try {
            long elements = builtIn != null ? builtIn.stateElements().applyAsLong(config) : provider.stateElements(config, this);
            if (elements < 0) {
                throw new InvalidModelException("layer '" + config.type() + "' declares " + elements + " parameter values");
            }
            return elements;
        } catch (ArithmeticException e) {
            throw new InvalidModelException("layer '" + config.type() + "' holds more values than a long counts: " + config.settings(), e);
        }
    }

    private void requireKnown(LayerConfig config, BuiltIn builtIn, LayerProvider provider) {
        if (builtIn == null && provider == null) {
            Object plugin = config.settings().get(PLUGIN_SETTING);
            throw new UnknownLayerTypeException(config.type(), "unknown layer type '" + config.type() + "'"
                    + (plugin == null ? "" : ", provided by plugin module '" + plugin + "' when the model was saved")
                    + "; known types: " + knownTypes()
                    + ". Put the plugin that provides it on the module path or in the --plugins folder.");
        }
    }

    /**
     * The config with the providing plugin's module name added (for types that are not
     * deepvec's own), so that a loader lacking the plugin can say which one to install.
     */
    public LayerConfig describe(LayerConfig config) {
        LayerProvider provider = plugins.get(config.type());
        Map<String, Object> settings = new LinkedHashMap<>();
        config.settings().forEach((name, value) -> settings.put(name, value instanceof List<?> list
                ? list.stream().map(v -> v instanceof LayerConfig child ? describe(child) : v).toList() : value));
        if (provider != null && !settings.containsKey(PLUGIN_SETTING)) {
            settings.put(PLUGIN_SETTING, moduleOf(provider) + "@" + provider.version());
        }
        return new LayerConfig(config.type(), settings);
    }

    /**
     * Checks that every layer type in {@code config} (nested ones included) has a provider here,
     * so a model saved now can be rebuilt from its file.
     *
     * @throws UnknownLayerTypeException naming the first type nobody can build
     */
    public void requireBuildable(LayerConfig config) {
        if (!builtIns.containsKey(config.type()) && !plugins.containsKey(config.type())) {
            throw new UnknownLayerTypeException(config.type(), "layer type '" + config.type() + "' has no provider, so a "
                    + "checkpoint could not rebuild it; known types: " + knownTypes()
                    + ". Register a LayerProvider for it (module-info 'provides' and META-INF/services).");
        }
        for (Object value : config.settings().values()) {
            if (value instanceof List<?> list) {
                list.stream().filter(LayerConfig.class::isInstance).map(LayerConfig.class::cast).forEach(this::requireBuildable);
            }
        }
    }

    /**
     * The config without the plugin provenance {@link #describe} added: what identifies an
     * architecture, whatever plugin version or jar provided its layers.
     */
    public static LayerConfig withoutProvenance(LayerConfig config) {
        Map<String, Object> settings = new LinkedHashMap<>();
        config.settings().forEach((name, value) -> {
            if (!name.equals(PLUGIN_SETTING)) {
                settings.put(name, value instanceof List<?> list
                        ? list.stream().map(v -> v instanceof LayerConfig child ? withoutProvenance(child) : v).toList() : value);
            }
        });
        return new LayerConfig(config.type(), settings);
    }

    /** Every type this registry can build, deepvec's own first. */
    public Set<String> knownTypes() {
        Set<String> types = new LinkedHashSet<>(builtIns.keySet());
        types.addAll(plugins.keySet());
        return types;
    }

    private static String moduleOf(LayerProvider provider) {
        Module module = provider.getClass().getModule();
        return module.isNamed() ? module.getName() : provider.getClass().getName();
    }
}
