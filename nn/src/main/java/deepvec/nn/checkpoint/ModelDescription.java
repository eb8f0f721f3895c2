package deepvec.nn.checkpoint;

import deepvec.nn.layer.InvalidModelException;
import deepvec.nn.layer.LayerConfig;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's architecture as JSON: {@code {"format": "deepvec-model", "version": 1, "model": L}}
 * where a layer L is {@code {"type": name, setting: value, ...}} and a list of layers is an
 * array of such objects. For example an MLP:
 * <pre>{@code
 * {"format":"deepvec-model","version":1,"model":{"type":"sequential","layers":[
 *   {"type":"linear","in":784,"out":256},{"type":"relu"},{"type":"linear","in":256,"out":10}]}}
 * }</pre>
 */
public final class ModelDescription {

    private static final String FORMAT = "deepvec-model";
    private static final int VERSION = 1;

    private ModelDescription() {
    }

    /** The JSON text describing {@code model}. */
    public static String toJson(LayerConfig model) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("model", toTree(model));
        return Json.write(root);
    }

    /**
     * The root layer config of a description.
     *
     * @throws InvalidModelException if the text is not a deepvec model description
     */
    public static LayerConfig fromJson(String json) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (IOException e) {
            throw new InvalidModelException("the model description is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map) || !FORMAT.equals(map.get("format"))) {
            throw new InvalidModelException("not a deepvec model description (expected \"format\": \"" + FORMAT + "\")");
        }
        if (!Long.valueOf(VERSION).equals(map.get("version"))) {
            throw new InvalidModelException("model description version " + map.get("version") + "; this deepvec reads version " + VERSION);
        }
        return fromTree(map.get("model"));
    }

    private static Map<String, Object> toTree(LayerConfig config) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("type", config.type());
        config.settings().forEach((name, value) -> tree.put(name, value instanceof List<?> list
                ? list.stream().map(v -> v instanceof LayerConfig child ? toTree(child) : v).toList() : value));
        return tree;
    }

    private static LayerConfig fromTree(Object tree) {
        if (!(tree instanceof Map<?, ?> map) || !(map.get("type") instanceof String type)) {
            throw new InvalidModelException("a layer must be an object with a \"type\" string, got " + tree);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        map.forEach((name, value) -> {
            if (!"type".equals(name)) {
                settings.put((String) name, value instanceof List<?> list
                        ? list.stream().map(v -> v instanceof Map<?, ?> ? fromTree(v) : v).toList() : value);
            }
        });
        return new LayerConfig(type, settings);
    }
}
