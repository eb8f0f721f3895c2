package deepvec.nn.layer;

import deepvec.nn.spi.LayerProvider;
import deepvec.nn.spi.PluginFailureException;
import deepvec.nn.spi.PluginRegistry;
import deepvec.nn.spi.ProviderInfo;
import deepvec.simd.random.Rng;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns layer configs back into layers through the {@link LayerProvider}s of a
 * {@link PluginRegistry}: deepvec's own types and every plugin's, found the same way.
 */
public final class LayerRegistry {

    /** The setting under which {@link #describe} records the providing plugin. */
    public static final String PLUGIN_SETTING = "plugin";

    private final PluginRegistry plugins;
    private final Map<String, LayerProvider> providers;

    /** The layer types of {@code plugins} (see {@link PluginRegistry#layers()}). */
    public LayerRegistry(PluginRegistry plugins) {
        this.plugins = plugins;
        this.providers = plugins.providers(LayerProvider.class);
    }

    /** deepvec's layers and the providers on the application's module and class path. */
    public static LayerRegistry standard() {
        return PluginRegistry.standard().layers();
    }

    /** The plugin registry these layer types come from. */
    public PluginRegistry plugins() {
        return plugins;
    }

    /**
     * A freshly initialised layer for {@code config}.
     *
     * @throws UnknownLayerTypeException if no provider builds this type
     * @throws InvalidModelException if the config's settings are missing or invalid
     */
    public Layer create(LayerConfig config, Rng rng) {
        LayerProvider provider = requireKnown(config);
        try {
            return provider.create(config, rng, this);
        } catch (InvalidModelException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("layer '" + config.type() + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (plugins.isOwn(provider)) {
                throw e;
            }
            throw new PluginFailureException("the factory of layer type '" + config.type() + "' in plugin "
                    + origin(provider) + " failed: " + e, e);
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
        LayerProvider provider = requireKnown(config);
        try {
            long elements = provider.stateElements(config, this);
            if (elements < 0) {
                throw new InvalidModelException("layer '" + config.type() + "' declares " + elements + " parameter values");
            }
            return elements;
        } catch (ArithmeticException e) {
            throw new InvalidModelException("layer '" + config.type() + "' holds more values than a long counts: " + config.settings(), e);
        }
    }

    private LayerProvider requireKnown(LayerConfig config) {
        LayerProvider provider = providers.get(config.type());
        if (provider == null) {
            Object plugin = config.settings().get(PLUGIN_SETTING);
            throw new UnknownLayerTypeException(config.type(), "unknown layer type '" + config.type() + "'"
                    + (plugin == null ? "" : ", provided by plugin module '" + plugin + "' when the model was saved")
                    + "; known types: " + knownTypes()
                    + ". Put the plugin that provides it on the module path or in the --plugins folder.");
        }
        return provider;
    }

    /**
     * The config with the providing plugin's module name added (for types that are not
     * deepvec's own), so that a loader lacking the plugin can say which one to install.
     */
    public LayerConfig describe(LayerConfig config) {
        LayerProvider provider = providers.get(config.type());
        Map<String, Object> settings = new LinkedHashMap<>();
        config.settings().forEach((name, value) -> settings.put(name, value instanceof List<?> list
                ? list.stream().map(v -> v instanceof LayerConfig child ? describe(child) : v).toList() : value));
        if (provider != null && !plugins.isOwn(provider) && !settings.containsKey(PLUGIN_SETTING)) {
            settings.put(PLUGIN_SETTING, origin(provider));
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
        if (!providers.containsKey(config.type())) {
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
        return providers.keySet();
    }

    private String origin(LayerProvider provider) {
        ProviderInfo info = plugins.describe(LayerProvider.class, provider);
        return info.origin();
    }
}
