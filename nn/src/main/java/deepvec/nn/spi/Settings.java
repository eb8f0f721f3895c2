package deepvec.nn.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named hyperparameters handed to a provider's factory (numbers, strings, booleans). A setting
 * left out takes the default the provider passes; one given with the wrong type is an error
 * naming it, never a silent default.
 *
 * @param values by name, in a stable order
 */
public record Settings(Map<String, Object> values) {

    /** No settings: every hyperparameter takes its default. */
    public static final Settings NONE = new Settings(Map.of());

    public Settings {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A floating-point setting, or {@code fallback} when it is absent. */
    public float floatSetting(String name, float fallback) {
        return number(name, fallback).floatValue();
    }

    /** A double-precision setting, or {@code fallback} when it is absent. */
    public double doubleSetting(String name, double fallback) {
        return number(name, fallback).doubleValue();
    }

    /** An integer setting, or {@code fallback} when it is absent. */
    public int intSetting(String name, int fallback) {
        Number n = number(name, fallback);
        if (n.doubleValue() != n.intValue()) {
            throw new IllegalArgumentException("setting '" + name + "' is " + n + "; expected an integer");
        }
        return n.intValue();
    }

    /** A true/false setting, or {@code fallback} when it is absent. */
    public boolean booleanSetting(String name, boolean fallback) {
        Object value = values.getOrDefault(name, fallback);
        if (!(value instanceof Boolean b)) {
            throw new IllegalArgumentException("setting '" + name + "' is " + value + "; expected true or false");
        }
        return b;
    }

    private Number number(String name, Number fallback) {
        Object value = values.getOrDefault(name, fallback);
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("setting '" + name + "' is " + value + "; expected a number");
        }
        return n;
    }
}
