package deepvec.nn.checkpoint;

import deepvec.nn.layer.InvalidModelException;
import deepvec.nn.layer.LayerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deepvec checkpoint read and checked as a whole before anything is built from it: the
 * safetensors layer's checks (checksum over the whole file, exact tiling, typed header), then
 * every metadata field this format defines, typed and in range, required keys present, no
 * unknown {@code deepvec.} key, and every tensor owned by a component the file declares
 * (optimizer buffers as {@code <optimizer>/<parameter>/<slot>} with slots 0, 1, ... in order).
 * What is left to check against the components a caller gives is left to {@link Checkpoint}.
 */
final class CheckpointFile {

    static final String FORMAT = "deepvec-checkpoint/3";
    static final String FORMAT_KEY = "deepvec.format";
    static final String MODEL_KEY = "deepvec.model";
    static final String OPTIMIZER_KEY = "deepvec.optimizer";
    static final String STATE_KEY = "deepvec.state";
    static final String EPOCHS_KEY = "deepvec.epochs";
    static final String GENERATORS_KEY = "deepvec.generators";
    static final String SETTINGS_KEY = "deepvec.settings";
    static final String TASK_GENERATORS = "task";
    private static final int MAX_SLOTS = 16;

    /** One optimizer's saved settings and buffers per parameter, slots in order. */
    record OptimizerEntry(String type, int steps, float learningRate, Map<String, List<StoredTensor>> buffers) {
    }

    final Path file;
    final Safetensors.Contents contents;
    final int epochs;
    final Map<String, Long> positions;
    final List<String> stateNames;
    final Map<String, String> settings;
    final Map<String, String> models;                  // component -> description JSON
    final Map<String, OptimizerEntry> optimizers;
    private final HeaderFields fields;

    private CheckpointFile(Path file, Safetensors.Contents contents) throws IOException {
        this.file = file;
        this.contents = contents;
        this.fields = new HeaderFields(file);
        Map<String, String> metadata = contents.metadata();
        String format = metadata.get(FORMAT_KEY);
        if (!FORMAT.equals(format)) {
            throw fields.corrupt("not a deepvec checkpoint of this version (metadata " + FORMAT_KEY + " = " + format + ", expected "
                    + FORMAT + ")");
        }
        this.epochs = (int) fields.integerString(required(EPOCHS_KEY), "metadata " + EPOCHS_KEY, 0, Integer.MAX_VALUE);
        this.positions = positions(parse(GENERATORS_KEY));
        this.stateNames = stateNames(parse(STATE_KEY));
        this.settings = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : fields.object(parse(SETTINGS_KEY), "metadata " + SETTINGS_KEY).entrySet()) {
            settings.put(e.getKey(), fields.string(e.getValue(), "setting '" + e.getKey() + "'"));
        }
        this.models = new LinkedHashMap<>();
        Map<String, Map<String, Object>> optimizerSettings = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String key = e.getKey();
            String component = componentOf(key, MODEL_KEY, Checkpoint.MODEL);
            String optimizer = componentOf(key, OPTIMIZER_KEY, Checkpoint.OPTIMIZER);
            if (component != null) {
                models.put(component, e.getValue());
            } else if (optimizer != null) {
                Map<String, Object> settings = fields.object(parse(key), "metadata " + key);
                fields.exactKeys(settings, Set.of("type", "steps", "learningRate"), "metadata " + key);
                optimizerSettings.put(optimizer, settings);
            } else if (key.startsWith("deepvec.") && !Set.of(FORMAT_KEY, EPOCHS_KEY, GENERATORS_KEY, STATE_KEY, SETTINGS_KEY,
                    Safetensors.CHECKSUM_KEY)
                    .contains(key)) {
                throw fields.corrupt("unknown metadata key " + key);
            }
        }
        requireDistinct(optimizerSettings.keySet());
        Map<String, TreeMap<Integer, StoredTensor>> slots = new LinkedHashMap<>();
        for (Map.Entry<String, StoredTensor> t : contents.tensors().entrySet()) {
            claim(t.getKey(), t.getValue(), optimizerSettings.keySet(), slots);
        }
        this.optimizers = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> o : optimizerSettings.entrySet()) {
            String field = "metadata " + optimizerKey(o.getKey());
            Map<String, Object> settings = o.getValue();
            optimizers.put(o.getKey(), new OptimizerEntry(fields.string(settings.get("type"), field + " type"),
                    (int) fields.integer(settings.get("steps"), field + " steps", 0, Integer.MAX_VALUE),
                    fields.positiveFloat(settings.get("learningRate"), field + " learningRate"),
                    buffers(o.getKey(), slots)));
        }
    }

    /** Reads and checks {@code file}. */
    static CheckpointFile read(Path file) throws IOException {
        return new CheckpointFile(file, Safetensors.read(file, true));
    }

    HeaderFields fields() {
        return fields;
    }

    /** The description of model {@code component}. */
    LayerConfig modelConfig(String component) throws CorruptCheckpointException {
        String json = models.get(component);
        if (json == null) {
            throw fields.corrupt("it holds no model component '" + component + "'" + (models.isEmpty() ? "" : "; it holds " + models.keySet()));
        }
        try {
            return ModelDescription.fromJson(json);
        } catch (InvalidModelException e) {
            throw new CorruptCheckpointException(file, "metadata " + modelKey(component) + " is not a valid model description: "
                    + e.getMessage(), e);
        }
    }

    /** The tensors of model component {@code component}, by the model's own names. */
    Map<String, StoredTensor> modelTensors(String component) {
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        contents.tensors().forEach((name, t) -> {
            String local = localName(component, name);
            if (local != null) {
                tensors.put(local, t);
            }
        });
        return tensors;
    }

    /** The tensors of state component {@code component}, by its own names. */
    Map<String, StoredTensor> stateTensors(String component) {
        Map<String, StoredTensor> state = new LinkedHashMap<>();
        contents.tensors().forEach((name, t) -> {
            if (name.startsWith(component + "/")) {
                state.put(name.substring(component.length() + 1), t);
            }
        });
        return state;
    }

    /** The name within model {@code component} of a file tensor, or null if it belongs to another component. */
    static String localName(String component, String tensor) {
        if (!component.equals(Checkpoint.MODEL)) {
            return tensor.startsWith(component + "/") ? tensor.substring(component.length() + 1) : null;
        }
        return tensor.indexOf('/') < 0 ? tensor : null;      // the main model's names are bare; every other component's are prefixed
    }

    static String prefix(String component) {
        return component.equals(Checkpoint.MODEL) ? "" : component + "/";
    }

    static String modelKey(String component) {
        return component.equals(Checkpoint.MODEL) ? MODEL_KEY : MODEL_KEY + "/" + component;
    }

    static String optimizerKey(String component) {
        return component.equals(Checkpoint.OPTIMIZER) ? OPTIMIZER_KEY : OPTIMIZER_KEY + "/" + component;
    }

    /** The component a metadata key {@code base} or {@code base/<component>} names, or null for another key. */
    private static String componentOf(String key, String base, String main) {
        if (key.equals(base)) {
            return main;
        }
        return key.startsWith(base + "/") && key.length() > base.length() + 1 ? key.substring(base.length() + 1) : null;
    }

    private String required(String key) throws CorruptCheckpointException {
        String value = contents.metadata().get(key);
        if (value == null) {
            throw fields.corrupt("metadata " + key + " is missing");
        }
        return value;
    }

    private Object parse(String key) throws CorruptCheckpointException {
        try {
            return Json.parse(required(key));
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptCheckpointException(file, "metadata " + key + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private Map<String, Long> positions(Object json) throws CorruptCheckpointException {
        Map<String, Long> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : fields.object(json, "metadata " + GENERATORS_KEY).entrySet()) {
            result.put(e.getKey(), fields.integer(e.getValue(), "the position of random generator '" + e.getKey() + "'", 0, Long.MAX_VALUE));
        }
        return result;
    }

    private List<String> stateNames(Object json) throws CorruptCheckpointException {
        List<String> names = new ArrayList<>();
        for (Object name : fields.array(json, "metadata " + STATE_KEY)) {
            String s = fields.string(name, "a name in metadata " + STATE_KEY);
            if (s.isEmpty() || s.contains("/") || names.contains(s)) {
                throw fields.corrupt("metadata " + STATE_KEY + " holds the state name \"" + s + "\" " + (names.contains(s) ? "twice"
                        : "; names are non-empty and hold no '/'"));
            }
            names.add(s);
        }
        return names;
    }

    /** Component names are unique across models, optimizers and state, and hold no '/'. */
    private void requireDistinct(Set<String> optimizerNames) throws CorruptCheckpointException {
        Set<String> seen = new HashSet<>();
        List<String> all = new ArrayList<>(models.keySet());
        all.addAll(optimizerNames);
        all.addAll(stateNames);
        for (String name : all) {
            if (name.contains("/") || !seen.add(name)) {
                throw fields.corrupt("component name '" + name + "' is " + (name.contains("/") ? "invalid (it holds a '/')" : "used twice"));
            }
        }
    }

    /** Assigns a tensor to its component, or refuses it. */
    private void claim(String name, StoredTensor tensor, Set<String> optimizerNames, Map<String, TreeMap<Integer, StoredTensor>> slots)
            throws CorruptCheckpointException {
        int slash = name.indexOf('/');
        if (slash < 0) {
            if (!models.containsKey(Checkpoint.MODEL)) {
                throw fields.corrupt("tensor '" + name + "' belongs to model '" + Checkpoint.MODEL + "', which the file does not describe");
            }
            return;
        }
        String component = name.substring(0, slash);
        if ((!component.equals(Checkpoint.MODEL) && models.containsKey(component)) || stateNames.contains(component)) {
            return;
        }
        int last = name.lastIndexOf('/');
        if (optimizerNames.contains(component) && last > slash + 1) {
            String slotText = name.substring(last + 1);
            if (slotText.matches("[0-9]{1,2}") && Integer.parseInt(slotText) < MAX_SLOTS) {
                if (tensor.dtype() != StoredTensor.DType.F32 || tensor.shape().length != 1) {
                    throw fields.corrupt("optimizer buffer '" + name + "' is " + tensor.dtype() + " of rank " + tensor.shape().length
                            + "; expected a vector of F32");
                }
                slots.computeIfAbsent(component + "/" + name.substring(slash + 1, last), k -> new TreeMap<>())
                        .put(Integer.parseInt(slotText), tensor);
                return;
            }
        }
        throw fields.corrupt("tensor '" + name + "' belongs to no component the file declares (models " + models.keySet()
                + ", optimizers " + optimizerNames + ", state " + stateNames + ")");
    }

    private Map<String, List<StoredTensor>> buffers(String optimizer, Map<String, TreeMap<Integer, StoredTensor>> slots)
            throws CorruptCheckpointException {
        Map<String, List<StoredTensor>> buffers = new LinkedHashMap<>();
        for (Map.Entry<String, TreeMap<Integer, StoredTensor>> e : slots.entrySet()) {
            if (!e.getKey().startsWith(optimizer + "/")) {
                continue;
            }
            String parameter = e.getKey().substring(optimizer.length() + 1);
            List<StoredTensor> inOrder = new ArrayList<>(e.getValue().values());
            if (e.getValue().lastKey() != inOrder.size() - 1) {
                throw fields.corrupt("optimizer '" + optimizer + "' has buffers " + e.getValue().keySet() + " for '" + parameter
                        + "'; expected slots 0 to " + (inOrder.size() - 1));
            }
            buffers.put(parameter, inOrder);
        }
        return buffers;
    }
}
