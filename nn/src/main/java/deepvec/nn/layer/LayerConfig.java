package deepvec.nn.layer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What rebuilds a layer, apart from its parameter values: a type name that a
 * {@link deepvec.nn.spi.LayerProvider} knows and the settings its factory reads. Setting values are numbers,
 * strings, booleans, or lists of nested configs (a {@link Sequential}'s layers). Configs are
 * the model description saved beside a checkpoint's weights.
 *
 * @param type the provider's type name, e.g. {@code "linear"}
 * @param settings constructor arguments by name, in a stable order
 */
public record LayerConfig(String type, Map<String, Object> settings) {

    public LayerConfig {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** A config with settings given as alternating names and values. */
    public static LayerConfig of(String type, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("LayerConfig.of needs name/value pairs, got " + namesAndValues.length + " items");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            settings.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new LayerConfig(type, settings);
    }

    /** An integer setting. */
    public int intSetting(String name) {
        Number n = number(name);
        if (n.doubleValue() != n.intValue()) {
            throw invalid(name, "an integer", n);
        }
        return n.intValue();
    }

    /** A long integer setting (seeds). */
    public long longSetting(String name) {
        Number n = number(name);
        if (n instanceof Double || n instanceof Float) {
            throw invalid(name, "an integer", n);
        }
        return n.longValue();
    }

    /** A floating-point setting. */
    public float floatSetting(String name) {
        return number(name).floatValue();
    }

    /** A true/false setting. */
    public boolean booleanSetting(String name) {
        Object value = required(name);
        if (!(value instanceof Boolean b)) {
            throw invalid(name, "true or false", value);
        }
        return b;
    }

    /** A list of nested layer configs. */
    public List<LayerConfig> layersSetting(String name) {
        Object value = required(name);
        if (!(value instanceof List<?> list) || !list.stream().allMatch(LayerConfig.class::isInstance)) {
            throw invalid(name, "a list of layers", value);
        }
        return list.stream().map(LayerConfig.class::cast).toList();
    }

    /** A list of integers (a hierarchical softmax's classes). */
    public int[] intsSetting(String name) {
        Object value = required(name);
        if (!(value instanceof List<?> list) || !list.stream().allMatch(v -> v instanceof Number n && n.doubleValue() == n.intValue())) {
            throw invalid(name, "a list of integers", value);
        }
        return list.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    /** A list of strings (the names of a {@link Sequential}'s layers). */
    public List<String> stringsSetting(String name) {
        Object value = required(name);
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw invalid(name, "a list of strings", value);
        }
        return list.stream().map(String.class::cast).toList();
    }

    private Number number(String name) {
        Object value = required(name);
        if (!(value instanceof Number n)) {
            throw invalid(name, "a number", value);
        }
        return n;
    }

    private Object required(String name) {
        Object value = settings.get(name);
        if (value == null) {
            throw new InvalidModelException("layer '" + type + "' has no setting '" + name + "'; its settings are " + settings.keySet());
        }
        return value;
    }

    private InvalidModelException invalid(String name, String expected, Object got) {
        return new InvalidModelException("layer '" + type + "' setting '" + name + "' is " + got + "; expected " + expected);
    }
}
