package deepvec.nn.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Type-checked reads of parsed JSON values from one file's header: each either returns a value
 * of the expected type and range or throws a {@link CorruptCheckpointException} naming the file,
 * the field and what was expected.
 */
final class HeaderFields {

    private final Path file;

    HeaderFields(Path file) {
        this.file = file;
    }

    CorruptCheckpointException corrupt(String message) {
        return new CorruptCheckpointException(file, message);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(Object value, String field) throws CorruptCheckpointException {
        if (!(value instanceof Map<?, ?> map)) {
            throw corrupt(field + " is " + describe(value) + "; expected a JSON object");
        }
        return (Map<String, Object>) map;
    }

    List<?> array(Object value, String field) throws CorruptCheckpointException {
        if (!(value instanceof List<?> list)) {
            throw corrupt(field + " is " + describe(value) + "; expected a JSON array");
        }
        return list;
    }

    String string(Object value, String field) throws CorruptCheckpointException {
        if (!(value instanceof String s)) {
            throw corrupt(field + " is " + describe(value) + "; expected a string");
        }
        return s;
    }

    long integer(Object value, String field, long min, long max) throws CorruptCheckpointException {
        if (!(value instanceof Long n) || n < min || n > max) {
            throw corrupt(field + " is " + describe(value) + "; expected an integer in [" + min + ", " + max + "]");
        }
        return n;
    }

    /** A decimal integer written as a string (safetensors metadata values are strings). */
    long integerString(String value, String field, long min, long max) throws CorruptCheckpointException {
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw corrupt(field + " is " + describe(value) + "; expected an integer in [" + min + ", " + max + "]");
    }

    float positiveFloat(Object value, String field) throws CorruptCheckpointException {
        if (!(value instanceof Number n) || !(n.floatValue() > 0f) || Float.isInfinite(n.floatValue())) {
            throw corrupt(field + " is " + describe(value) + "; expected a positive finite number");
        }
        return n.floatValue();
    }

    /** Requires {@code map} to hold exactly {@code keys}. */
    void exactKeys(Map<String, Object> map, Set<String> keys, String field) throws CorruptCheckpointException {
        if (!map.keySet().equals(keys)) {
            Set<String> missing = new TreeSet<>(keys);
            missing.removeAll(map.keySet());
            Set<String> unknown = new TreeSet<>(map.keySet());
            unknown.removeAll(keys);
            throw corrupt(field + " must hold exactly the keys " + new TreeSet<>(keys) + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (unknown.isEmpty() ? "" : "; unknown " + unknown));
        }
    }

    /** A value as an error message shows it: short, with its JSON type. */
    static String describe(Object value) {
        String type = switch (value) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "the string";
            case Boolean b -> "the boolean";
            default -> "the number";
        };
        if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
            return type;
        }
        String text = String.valueOf(value);
        return type + " " + (value instanceof String ? "\"" : "") + (text.length() > 60 ? text.substring(0, 60) + "..." : text)
                + (value instanceof String ? "\"" : "");
    }
}
