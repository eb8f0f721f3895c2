package deepvec.nn.checkpoint;

import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.InvalidModelException;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerRegistry;
import deepvec.nn.layer.UnknownLayerTypeException;
import deepvec.nn.optim.Optimizer;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named components of a training run in one safetensors file: models (parameters and buffers by
 * path name, with the JSON {@link ModelDescription} that rebuilds each), optimizers (kind, step
 * count, learning rate and state buffers per parameter), the positions of random generators,
 * and the completed epochs. A model component named {@value #MODEL} stores its tensors under
 * their bare names ({@code 0.weight}), so any safetensors reader sees a plain state dict; other
 * models prefix theirs with {@code <component>/}; optimizer buffers are
 * {@code <optimizer>/<parameter>/<slot>}. Loading checks the whole file against every
 * component before changing any, so a bad file leaves them as they were.
 *
 * <pre>{@code
 * Checkpoint.save(file, Checkpoint.Components.of(model, optimizer), 3);
 * Layer restored = Checkpoint.loadModel(file, LayerRegistry.standard());
 * }</pre>
 */
public final class Checkpoint {

    /** The component name of a run's only (or main) model. */
    public static final String MODEL = "model";
    /** The component name of a run's only (or main) optimizer. */
    public static final String OPTIMIZER = "optimizer";

    private static final String FORMAT_KEY = "deepvec.format";
    private static final String FORMAT = "deepvec-checkpoint/2";
    private static final List<String> READABLE_FORMATS = List.of("deepvec-checkpoint/1", FORMAT);
    private static final String MODEL_KEY = "deepvec.model";
    private static final String OPTIMIZER_KEY = "deepvec.optimizer";
    private static final String EPOCHS_KEY = "deepvec.epochs";
    private static final String GENERATORS_KEY = "deepvec.generators";
    private static final String TASK_GENERATORS = "task";

    private Checkpoint() {
    }

    /**
     * What a checkpoint holds of a run, each part by component name.
     *
     * @param models the models ({@value #MODEL} for a run's only one)
     * @param optimizers their optimizers ({@value #OPTIMIZER} for a run's only one)
     * @param generators random generators of the run itself, apart from the models' own
     */
    public record Components(Map<String, Layer> models, Map<String, Optimizer> optimizers, Map<String, Rng> generators) {

        public Components {
            models = Map.copyOf(models);
            optimizers = Map.copyOf(optimizers);
            generators = Map.copyOf(generators);
        }

        /** One model and its optimizer (null for the model alone). */
        public static Components of(Layer model, Optimizer optimizer) {
            return new Components(Map.of(MODEL, model), optimizer == null ? Map.of() : Map.of(OPTIMIZER, optimizer), Map.of());
        }
    }

    /** Writes a model alone (parameters, buffers, description, generator positions) atomically. */
    public static void save(Path file, Layer model) throws IOException {
        save(file, Components.of(model, null), 0);
    }

    /** Writes every component and the number of completed epochs atomically. */
    public static void save(Path file, Components components, int epochsCompleted) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT_KEY, FORMAT);
        Map<String, Object> positions = new LinkedHashMap<>();
        for (String name : sorted(components.models().keySet())) {
            Layer model = components.models().get(name);
            stateOf(model).forEach((path, t) -> tensors.put(tensorPrefix(name) + path, t));
            metadata.put(modelKey(name), ModelDescription.toJson(LayerRegistry.standard().describe(model.config())));
            model.generators().forEach((path, rng) -> positions.put(tensorPrefix(name) + path, rng.position()));
        }
        for (String name : sorted(components.generators().keySet())) {
            positions.put(TASK_GENERATORS + "/" + name, components.generators().get(name).position());
        }
        for (String name : sorted(components.optimizers().keySet())) {
            Optimizer optimizer = components.optimizers().get(name);
            for (String parameter : optimizer.parameters().keySet()) {
                List<float[]> buffers = optimizer.state(parameter);
                for (int slot = 0; slot < buffers.size(); slot++) {
                    tensors.put(name + "/" + parameter + "/" + slot, Tensor.of(buffers.get(slot), buffers.get(slot).length));
                }
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("type", optimizer.getClass().getName());
            settings.put("steps", optimizer.steps());
            settings.put("learningRate", optimizer.learningRate());
            metadata.put(optimizerKey(name), Json.write(settings));
        }
        metadata.put(EPOCHS_KEY, Integer.toString(epochsCompleted));
        metadata.put(GENERATORS_KEY, Json.write(positions));
        Safetensors.write(file, tensors, metadata);
    }

    /**
     * Rebuilds the model component {@value #MODEL} that a checkpoint describes and loads its state.
     *
     * @throws CorruptCheckpointException if the file is damaged or its tensors do not fit its description
     * @throws UnknownLayerTypeException if a layer type has no provider
     */
    public static Layer loadModel(Path file, LayerRegistry registry) throws IOException {
        return loadModel(file, registry, MODEL);
    }

    /** Rebuilds the model component {@code component} and loads its state. */
    public static Layer loadModel(Path file, LayerRegistry registry, String component) throws IOException {
        Safetensors.Contents contents = readDeepvec(file);
        String description = contents.metadata().get(modelKey(component));
        if (description == null) {
            throw new CorruptCheckpointException(file, "it holds no model component '" + component + "'");
        }
        Layer model;
        try {
            model = registry.create(ModelDescription.fromJson(description), Rng.seeded(0));
        } catch (UnknownLayerTypeException e) {
            throw e;
        } catch (InvalidModelException e) {
            throw new CorruptCheckpointException(file, "its model description is invalid: " + e.getMessage(), e);
        }
        Map<String, Long> positions = generatorPositions(file, contents);
        checkModel(file, contents, component, model, positions);
        loadModelState(contents, component, model, positions);
        return model;
    }

    /**
     * Restores every component from a checkpoint written by {@link #save} for the same
     * architectures and optimizer kinds.
     *
     * @return the number of epochs completed when it was saved
     * @throws CorruptCheckpointException if the file is damaged or does not match the components
     */
    public static int resume(Path file, Components components) throws IOException {
        Safetensors.Contents contents = readDeepvec(file);
        Map<String, Long> positions = generatorPositions(file, contents);
        Map<String, OptimizerState> optimizers = new LinkedHashMap<>();
        for (Map.Entry<String, Layer> m : components.models().entrySet()) {
            String description = ModelDescription.toJson(LayerRegistry.standard().describe(m.getValue().config()));
            String saved = contents.metadata().get(modelKey(m.getKey()));
            if (!description.equals(saved)) {
                throw new CorruptCheckpointException(file, "it holds a different model '" + m.getKey() + "':\n  saved: " + saved
                        + "\n  given: " + description);
            }
            checkModel(file, contents, m.getKey(), m.getValue(), positions);
        }
        for (Map.Entry<String, Optimizer> o : components.optimizers().entrySet()) {
            optimizers.put(o.getKey(), optimizerState(file, contents, o.getKey(), o.getValue()));
        }
        for (String name : components.generators().keySet()) {
            requirePosition(file, positions, TASK_GENERATORS + "/" + name);
        }
        int epochs = intMetadata(file, contents, EPOCHS_KEY);
        components.models().forEach((name, model) -> loadModelState(contents, name, model, positions));
        optimizers.forEach((name, state) -> {
            Optimizer optimizer = components.optimizers().get(name);
            optimizer.restore(state.steps(), state.buffers());
            optimizer.setLearningRate(state.learningRate());
        });
        components.generators().forEach((name, rng) -> rng.seek(positions.get(TASK_GENERATORS + "/" + name)));
        return epochs;
    }

    /** The number of epochs completed when the checkpoint was saved. */
    public static int epochsCompleted(Path file) throws IOException {
        return intMetadata(file, readDeepvec(file), EPOCHS_KEY);
    }

    private record OptimizerState(int steps, float learningRate, Map<String, List<float[]>> buffers) {
    }

    private static OptimizerState optimizerState(Path file, Safetensors.Contents contents, String name, Optimizer optimizer)
            throws IOException {
        String json = contents.metadata().get(optimizerKey(name));
        if (json == null) {
            throw new CorruptCheckpointException(file, "it holds no state of optimizer '" + name + "' (saved without one); "
                    + "it can be loaded, not resumed");
        }
        if (!(Json.parse(json) instanceof Map<?, ?> saved) || !(saved.get("steps") instanceof Number steps)
                || !(saved.get("learningRate") instanceof Number rate) || steps.intValue() < 0 || !(rate.floatValue() > 0f)) {
            throw new CorruptCheckpointException(file, "the state of optimizer '" + name + "' is not valid: " + json);
        }
        if (!optimizer.getClass().getName().equals(saved.get("type"))) {
            throw new CorruptCheckpointException(file, "its optimizer '" + name + "' is " + saved.get("type") + ", the given one is "
                    + optimizer.getClass().getName());
        }
        Map<String, List<float[]>> buffers = new LinkedHashMap<>();
        for (Map.Entry<String, Variable> p : optimizer.parameters().entrySet()) {
            List<float[]> slots = new ArrayList<>();
            for (int slot = 0; ; slot++) {
                Tensor t = contents.tensors().get(name + "/" + p.getKey() + "/" + slot);
                if (t == null) {
                    break;
                }
                if (t.size() != p.getValue().value().size()) {
                    throw new CorruptCheckpointException(file, "buffer " + slot + " of optimizer '" + name + "' for '" + p.getKey()
                            + "' has " + t.size() + " elements; the parameter has " + p.getValue().value().size());
                }
                slots.add(t.data());
            }
            buffers.put(p.getKey(), slots);
        }
        return new OptimizerState(steps.intValue(), rate.floatValue(), buffers);
    }

    private static Safetensors.Contents readDeepvec(Path file) throws IOException {
        Safetensors.Contents contents = Safetensors.read(file);
        String format = contents.metadata().get(FORMAT_KEY);
        if (format == null || !READABLE_FORMATS.contains(format)) {
            throw new CorruptCheckpointException(file, "not a deepvec checkpoint (metadata " + FORMAT_KEY + " = " + format
                    + ", expected " + FORMAT + ")");
        }
        return contents;
    }

    /** The model's parameter values and buffers by path name: what a checkpoint stores of a model. */
    private static Map<String, Tensor> stateOf(Layer model) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> state.put(name, p.value()));
        model.namedBuffers().forEach(state::put);
        return state;
    }

    private static void checkModel(Path file, Safetensors.Contents contents, String component, Layer model,
            Map<String, Long> positions) throws CorruptCheckpointException {
        for (Map.Entry<String, Tensor> p : stateOf(model).entrySet()) {
            Tensor saved = contents.tensors().get(tensorPrefix(component) + p.getKey());
            if (saved == null) {
                throw new CorruptCheckpointException(file, "parameter '" + p.getKey() + "' of model '" + component + "' is missing");
            }
            if (!Arrays.equals(saved.shape(), p.getValue().shape())) {
                throw new CorruptCheckpointException(file, "parameter '" + p.getKey() + "' of model '" + component + "' has shape "
                        + Arrays.toString(saved.shape()) + "; the model needs " + Arrays.toString(p.getValue().shape()));
            }
        }
        for (String generator : model.generators().keySet()) {
            requirePosition(file, positions, tensorPrefix(component) + generator);
        }
    }

    private static void loadModelState(Safetensors.Contents contents, String component, Layer model, Map<String, Long> positions) {
        stateOf(model).forEach((name, target) -> {
            float[] values = contents.tensors().get(tensorPrefix(component) + name).data();
            System.arraycopy(values, 0, target.data(), target.offset(), values.length);
        });
        model.parameters().forEach(Variable::markModified);
        model.generators().forEach((name, rng) -> rng.seek(positions.get(tensorPrefix(component) + name)));
    }

    private static Map<String, Long> generatorPositions(Path file, Safetensors.Contents contents) throws IOException {
        String json = contents.metadata().get(GENERATORS_KEY);
        Map<String, Long> positions = new LinkedHashMap<>();
        if (json == null) {
            return positions;
        }
        if (!(Json.parse(json) instanceof Map<?, ?> map)) {
            throw new CorruptCheckpointException(file, "metadata " + GENERATORS_KEY + " is not a JSON object");
        }
        map.forEach((name, value) -> {
            if (value instanceof Long position) {
                positions.put(String.valueOf(name), position);
            }
        });
        return positions;
    }

    private static void requirePosition(Path file, Map<String, Long> positions, String name) throws CorruptCheckpointException {
        if (!positions.containsKey(name)) {
            throw new CorruptCheckpointException(file, "no position for random generator '" + name + "'");
        }
    }

    private static String tensorPrefix(String component) {
        return component.equals(MODEL) ? "" : component + "/";
    }

    private static String modelKey(String component) {
        return component.equals(MODEL) ? MODEL_KEY : MODEL_KEY + "/" + component;
    }

    private static String optimizerKey(String component) {
        return component.equals(OPTIMIZER) ? OPTIMIZER_KEY : OPTIMIZER_KEY + "/" + component;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    private static int intMetadata(Path file, Safetensors.Contents contents, String key) throws CorruptCheckpointException {
        try {
            return Integer.parseInt(contents.metadata().get(key));
        } catch (NumberFormatException e) {
            throw new CorruptCheckpointException(file, "metadata " + key + " is " + contents.metadata().get(key) + "; expected an integer");
        }
    }
}
