package deepvec.nn.checkpoint;

import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.InvalidModelException;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named components of a training run in one safetensors file: models (parameters and buffers by
 * path name, with the JSON {@link ModelDescription} that rebuilds each), optimizers (kind, step
 * count, learning rate and state buffers per parameter), other {@link Stateful} state (early
 * stopping, a vocabulary), the positions of random generators, and the completed epochs. A
 * model component named {@value #MODEL} stores its tensors under their bare names
 * ({@code 0.weight}), so any safetensors reader sees a plain state dict; every other component
 * prefixes its tensors with {@code <component>/}, optimizer buffers being
 * {@code <optimizer>/<parameter>/<slot>}. Loading checks the whole file against every component
 * before changing any, so a bad file leaves them as they were.
 *
 * <pre>{@code
 * Checkpoint.save(file, Checkpoint.Components.of(model, optimizer), 3);
 * Layer restored = Checkpoint.loadModel(file, LayerRegistry.standard());   // no code needed
 * Checkpoint.loadInto(file, modelBuiltInCode);                             // weights only
 * }</pre>
 */
public final class Checkpoint {

    /** The component name of a run's only (or main) model. */
    public static final String MODEL = "model";
    /** The component name of a run's only (or main) optimizer. */
    public static final String OPTIMIZER = "optimizer";

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
    private static final String FORMAT_KEY = "deepvec.format";
    private static final String FORMAT = "deepvec-checkpoint/2";
    private static final List<String> READABLE_FORMATS = List.of("deepvec-checkpoint/1", FORMAT);
    private static final String MODEL_KEY = "deepvec.model";
    private static final String OPTIMIZER_KEY = "deepvec.optimizer";
    private static final String STATE_KEY = "deepvec.state";
    private static final String EPOCHS_KEY = "deepvec.epochs";
    private static final String GENERATORS_KEY = "deepvec.generators";
    private static final String TASK_GENERATORS = "task";

    private Checkpoint() {
    }

    /**
     * What a checkpoint holds of a run, each part by component name; names are unique across
     * the parts.
     *
     * @param models the models ({@value #MODEL} for a run's only one)
     * @param optimizers their optimizers ({@value #OPTIMIZER} for a run's only one)
     * @param generators random generators of the run itself, apart from the models' own
     * @param state other state: early stopping, vocabularies, fitted models
     */
    public record Components(Map<String, Layer> models, Map<String, Optimizer> optimizers, Map<String, Rng> generators,
            Map<String, Stateful> state) {

        public Components {
            models = Map.copyOf(models);
            optimizers = Map.copyOf(optimizers);
            generators = Map.copyOf(generators);
            state = Map.copyOf(state);
            for (String name : optimizers.keySet()) {
                if (models.containsKey(name) || state.containsKey(name)) {
                    throw new IllegalArgumentException("component name '" + name + "' is used twice");
                }
            }
            for (String name : state.keySet()) {
                if (models.containsKey(name)) {
                    throw new IllegalArgumentException("component name '" + name + "' is used twice");
                }
            }
        }

        /** One model and its optimizer (null for the model alone). */
        public static Components of(Layer model, Optimizer optimizer) {
            return new Components(Map.of(MODEL, model), optimizer == null ? Map.of() : Map.of(OPTIMIZER, optimizer), Map.of(),
                    Map.of());
        }

        /** These components and more state (the listeners' of a trainer). */
        public Components with(Map<String, Stateful> more) {
            Map<String, Stateful> all = new LinkedHashMap<>(state);
            all.putAll(more);
            return new Components(models, optimizers, generators, all);
        }
    }

    /** Writes a model alone (parameters, buffers, description, generator positions) atomically. */
    public static void save(Path file, Layer model) throws IOException {
        save(file, Components.of(model, null), 0);
    }

    /**
     * Writes every component and the number of completed epochs atomically.
     *
     * @throws UnknownLayerTypeException if a model holds a layer type that no provider could rebuild
     */
    public static void save(Path file, Components components, int epochsCompleted) throws IOException {
        LayerRegistry registry = LayerRegistry.standard();
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT_KEY, FORMAT);
        Map<String, Object> positions = new LinkedHashMap<>();
        for (String name : sorted(components.models().keySet())) {
            Layer model = components.models().get(name);
            registry.requireBuildable(model.config());
            stateOf(model).forEach((path, t) -> tensors.put(prefix(name) + path, StoredTensor.of(t)));
            metadata.put(modelKey(name), ModelDescription.toJson(registry.describe(model.config())));
            model.generators().forEach((path, rng) -> positions.put(prefix(name) + path, rng.position()));
        }
        for (String name : sorted(components.generators().keySet())) {
            positions.put(TASK_GENERATORS + "/" + name, components.generators().get(name).position());
        }
        for (String name : sorted(components.optimizers().keySet())) {
            Optimizer optimizer = components.optimizers().get(name);
            for (String parameter : optimizer.parameters().keySet()) {
                List<float[]> buffers = optimizer.state(parameter);
                for (int slot = 0; slot < buffers.size(); slot++) {
                    tensors.put(name + "/" + parameter + "/" + slot, StoredTensor.of(Tensor.of(buffers.get(slot), buffers.get(slot).length)));
                }
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("type", optimizer.getClass().getName());
            settings.put("steps", optimizer.steps());
            settings.put("learningRate", optimizer.learningRate());
            metadata.put(optimizerKey(name), Json.write(settings));
        }
        for (String name : sorted(components.state().keySet())) {
            components.state().get(name).saveState().forEach((key, t) -> tensors.put(name + "/" + key, t));
        }
        metadata.put(STATE_KEY, Json.write(sorted(components.state().keySet())));
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
        try {
            checkModel(file, contents, component, model, positions);
        } catch (ArchitectureMismatchException e) {
            throw new CorruptCheckpointException(file, "its tensors do not fit its own model description: " + e.getMessage(), e);
        }
        loadModelState(contents, component, model, positions);
        return model;
    }

    /**
     * Loads the parameters and buffers of model component {@value #MODEL} into a model built in
     * code, which must have exactly the same names and shapes (the architecture description is
     * not consulted, so a model written by hand loads the weights of an equal one).
     *
     * @throws ArchitectureMismatchException listing every parameter missing, extra or of another shape
     * @throws CorruptCheckpointException if the file is damaged
     */
    public static void loadInto(Path file, Layer model) throws IOException {
        Safetensors.Contents contents = readDeepvec(file);
        Map<String, Long> positions = generatorPositions(file, contents);
        checkModel(file, contents, MODEL, model, positions);
        loadModelState(contents, MODEL, model, positions);
    }

    /**
     * Restores every component from a checkpoint written by {@link #save} for the same
     * architectures (whatever plugin version provided a layer) and optimizer kinds.
     *
     * @return the number of epochs completed when it was saved
     * @throws ArchitectureMismatchException if a model is not the one saved
     * @throws CorruptCheckpointException if the file is damaged or lacks a component's state
     */
    public static int resume(Path file, Components components) throws IOException {
        Safetensors.Contents contents = readDeepvec(file);
        Map<String, Long> positions = generatorPositions(file, contents);
        for (Map.Entry<String, Layer> m : components.models().entrySet()) {
            requireSameArchitecture(file, contents, m.getKey(), m.getValue());
            checkModel(file, contents, m.getKey(), m.getValue(), positions);
        }
        Map<String, OptimizerState> optimizers = new LinkedHashMap<>();
        for (Map.Entry<String, Optimizer> o : components.optimizers().entrySet()) {
            optimizers.put(o.getKey(), optimizerState(file, contents, o.getKey(), o.getValue()));
        }
        for (String name : components.generators().keySet()) {
            requirePosition(file, positions, TASK_GENERATORS + "/" + name);
        }
        List<Runnable> restores = new ArrayList<>();
        for (Map.Entry<String, Stateful> s : components.state().entrySet()) {
            try {
                restores.add(s.getValue().prepareRestore(stateTensors(contents, s.getKey())));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CorruptCheckpointException(file, "the state of '" + s.getKey() + "' does not fit: " + e.getMessage(), e);
            }
        }
        int epochs = intMetadata(file, contents, EPOCHS_KEY);
        // everything checked: from here on nothing can fail
        components.models().forEach((name, model) -> loadModelState(contents, name, model, positions));
        optimizers.forEach((name, state) -> {
            Optimizer optimizer = components.optimizers().get(name);
            optimizer.restore(state.steps(), state.buffers());
            optimizer.setLearningRate(state.learningRate());
        });
        components.generators().forEach((name, rng) -> rng.seek(positions.get(TASK_GENERATORS + "/" + name)));
        restores.forEach(Runnable::run);
        return epochs;
    }

    /** The number of epochs completed when the checkpoint was saved. */
    public static int epochsCompleted(Path file) throws IOException {
        return intMetadata(file, readDeepvec(file), EPOCHS_KEY);
    }

    private static void requireSameArchitecture(Path file, Safetensors.Contents contents, String component, Layer model)
            throws IOException {
        String saved = contents.metadata().get(modelKey(component));
        if (saved == null) {
            throw new CorruptCheckpointException(file, "it holds no model component '" + component + "'");
        }
        LayerConfig savedConfig;
        try {
            savedConfig = ModelDescription.fromJson(saved);
        } catch (InvalidModelException e) {
            throw new CorruptCheckpointException(file, "its description of model '" + component + "' is invalid: " + e.getMessage(), e);
        }
        LayerConfig given = LayerRegistry.standard().describe(model.config());
        String savedIdentity = ModelDescription.toJson(LayerRegistry.withoutProvenance(savedConfig));
        String givenIdentity = ModelDescription.toJson(LayerRegistry.withoutProvenance(given));
        if (!savedIdentity.equals(givenIdentity)) {
            throw new ArchitectureMismatchException(file, "model '" + component + "' (saved: " + savedIdentity + ", given: "
                    + givenIdentity + ")", List.of(), List.of(), List.of());
        }
        String givenJson = ModelDescription.toJson(given);
        if (!givenJson.equals(ModelDescription.toJson(savedConfig))) {
            LOG.warn("{}: model '{}' was saved with other plugin versions: {}; resuming with {}", file, component, saved, givenJson);
        }
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
                Tensor t = floats(file, contents, name + "/" + p.getKey() + "/" + slot);
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
            Map<String, Long> positions) throws IOException {
        Map<String, Tensor> expected = stateOf(model);
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        for (Map.Entry<String, Tensor> p : expected.entrySet()) {
            StoredTensor saved = contents.tensors().get(prefix(component) + p.getKey());
            if (saved == null) {
                missing.add(p.getKey());
            } else if (!Arrays.equals(saved.shape(), p.getValue().shape())) {
                wrongShape.add(p.getKey() + " " + Arrays.toString(saved.shape()) + " in the file, " + Arrays.toString(p.getValue().shape())
                        + " in the model");
            } else {
                floats(file, contents, prefix(component) + p.getKey());        // a float dtype
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : contents.tensors().keySet()) {
            String local = localName(component, name);
            if (local != null && !expected.containsKey(local)) {
                unexpected.add(local);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !wrongShape.isEmpty()) {
            throw new ArchitectureMismatchException(file, "model '" + component + "'", missing, unexpected, wrongShape);
        }
        for (String generator : model.generators().keySet()) {
            requirePosition(file, positions, prefix(component) + generator);
        }
    }

    /** The name within model {@code component} of a file tensor, or null if it belongs to another component. */
    private static String localName(String component, String tensor) {
        if (!component.equals(MODEL)) {
            return tensor.startsWith(component + "/") ? tensor.substring(component.length() + 1) : null;
        }
        int slash = tensor.indexOf('/');
        return slash < 0 ? tensor : null;      // the main model's names are bare; every other component's are prefixed
    }

    private static void loadModelState(Safetensors.Contents contents, String component, Layer model, Map<String, Long> positions) {
        stateOf(model).forEach((name, target) -> {
            float[] values = contents.floats(prefix(component) + name).data();
            System.arraycopy(values, 0, target.data(), target.offset(), values.length);
        });
        model.parameters().forEach(Variable::markModified);
        model.generators().forEach((name, rng) -> rng.seek(positions.get(prefix(component) + name)));
    }

    private static Tensor floats(Path file, Safetensors.Contents contents, String name) throws CorruptCheckpointException {
        try {
            return contents.floats(name);
        } catch (IllegalStateException e) {
            throw new CorruptCheckpointException(file, "tensor '" + name + "': " + e.getMessage(), e);
        }
    }

    private static Map<String, StoredTensor> stateTensors(Safetensors.Contents contents, String component) {
        Map<String, StoredTensor> state = new LinkedHashMap<>();
        contents.tensors().forEach((name, t) -> {
            if (name.startsWith(component + "/")) {
                state.put(name.substring(component.length() + 1), t);
            }
        });
        return state;
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

    private static String prefix(String component) {
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
