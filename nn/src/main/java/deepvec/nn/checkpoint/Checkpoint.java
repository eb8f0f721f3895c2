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
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
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
 * {@code <optimizer>/<parameter>/<slot>}.
 *
 * <p>Loading is strict and transactional: the whole file is checked ({@link CheckpointFile}),
 * then against every component, before anything is built or changed, so a bad file leaves
 * models, optimizers and generators exactly as they were. A described model is sized from its
 * description ({@link LayerRegistry#stateElements}) and compared with the tensors before any
 * layer is allocated; parameters, buffers and optimizer state must be finite unless
 * {@link LoadOptions#allowingNonFinite()} says otherwise. What can leave a loader is a
 * {@link CorruptCheckpointException} or {@link ArchitectureMismatchException} naming the file
 * and the field, an {@link UnknownLayerTypeException} naming the missing plugin, or the file
 * system's own {@link IOException} (no such file, no permission).
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

    private Checkpoint() {
    }

    /**
     * What a checkpoint holds of a run, each part by component name; names are unique across
     * the parts, non-empty and free of '/'.
     *
     * @param models the models ({@value #MODEL} for a run's only one)
     * @param optimizers their optimizers ({@value #OPTIMIZER} for a run's only one)
     * @param generators random generators of the run itself, apart from the models' own
     * @param state other state: early stopping, vocabularies, fitted models
     * @param settings what the run was configured with (batch size, seed, schedule, ...), by
     *     name; a resume with other settings would not continue the same run, so it is refused
     */
    public record Components(Map<String, Layer> models, Map<String, Optimizer> optimizers, Map<String, Rng> generators,
            Map<String, Stateful> state, Map<String, String> settings) {

        public Components {
            models = Map.copyOf(models);
            optimizers = Map.copyOf(optimizers);
            generators = Map.copyOf(generators);
            state = Map.copyOf(state);
            settings = Map.copyOf(settings);
            Set<String> seen = new TreeSet<>();
            for (Set<String> names : List.of(models.keySet(), optimizers.keySet(), state.keySet())) {
                for (String name : names) {
                    if (name.isEmpty() || name.contains("/") || !seen.add(name)) {
                        throw new IllegalArgumentException("component name '" + name + "' is " + (name.isEmpty() || name.contains("/")
                                ? "not valid (non-empty, without '/')" : "used twice"));
                    }
                }
            }
            if (models.containsKey(CheckpointFile.TASK_GENERATORS)) {
                throw new IllegalArgumentException("'" + CheckpointFile.TASK_GENERATORS + "' names the run's own generators, not a model");
            }
        }

        /** Components without recorded settings. */
        public Components(Map<String, Layer> models, Map<String, Optimizer> optimizers, Map<String, Rng> generators,
                Map<String, Stateful> state) {
            this(models, optimizers, generators, state, Map.of());
        }

        /** One model and its optimizer (null for the model alone). */
        public static Components of(Layer model, Optimizer optimizer) {
            return new Components(Map.of(MODEL, model), optimizer == null ? Map.of() : Map.of(OPTIMIZER, optimizer), Map.of(),
                    Map.of());
        }

        /** These components with more state (the listeners' of a trainer) and more settings (the trainer's). */
        public Components with(Map<String, Stateful> moreState, Map<String, String> moreSettings) {
            Map<String, Stateful> allState = new LinkedHashMap<>(state);
            allState.putAll(moreState);
            Map<String, String> allSettings = new LinkedHashMap<>(settings);
            allSettings.putAll(moreSettings);
            return new Components(models, optimizers, generators, allState, allSettings);
        }
    }

    /**
     * How to load a model: which model component, and whether NaN or infinite parameters and
     * buffers are allowed (by default they are refused: a model that holds them cannot predict).
     */
    public record LoadOptions(String component, boolean allowNonFinite) {

        /** Model {@value #MODEL}, finite values only. */
        public static final LoadOptions DEFAULT = new LoadOptions(MODEL, false);

        /** The same options for model component {@code name}. */
        public LoadOptions component(String name) {
            return new LoadOptions(name, allowNonFinite);
        }

        /** The same options, NaN and infinite values allowed (to inspect a diverged run). */
        public LoadOptions allowingNonFinite() {
            return new LoadOptions(component, true);
        }
    }

    /** Writes a model alone (parameters, buffers, description, generator positions) atomically. */
    public static void save(Path file, Layer model, LayerRegistry registry) throws IOException {
        save(file, Components.of(model, null), 0, registry);
    }

    /**
     * Writes every component and the number of completed epochs atomically.
     *
     * @param registry the layer types in use: a model must be buildable from them, and the
     *     plugin of each type that is not deepvec's own is recorded beside it
     * @throws UnknownLayerTypeException if a model holds a layer type that no provider could rebuild
     */
    public static void save(Path file, Components components, int epochsCompleted, LayerRegistry registry) throws IOException {
        if (epochsCompleted < 0) {
            throw new IllegalArgumentException("epochs completed must be >= 0, got " + epochsCompleted);
        }
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(CheckpointFile.FORMAT_KEY, CheckpointFile.FORMAT);
        Map<String, Object> positions = new LinkedHashMap<>();
        for (String name : sorted(components.models().keySet())) {
            Layer model = components.models().get(name);
            registry.requireBuildable(model.config());
            stateOf(model).forEach((path, t) -> tensors.put(CheckpointFile.prefix(name) + path, StoredTensor.of(t)));
            metadata.put(CheckpointFile.modelKey(name), ModelDescription.toJson(registry.describe(model.config())));
            model.generators().forEach((path, rng) -> positions.put(CheckpointFile.prefix(name) + path, rng.position()));
        }
        for (String name : sorted(components.generators().keySet())) {
            positions.put(CheckpointFile.TASK_GENERATORS + "/" + name, components.generators().get(name).position());
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
            metadata.put(CheckpointFile.optimizerKey(name), Json.write(settings));
        }
        for (String name : sorted(components.state().keySet())) {
            components.state().get(name).saveState().forEach((key, t) -> tensors.put(name + "/" + key, t));
        }
        metadata.put(CheckpointFile.STATE_KEY, Json.write(sorted(components.state().keySet())));
        Map<String, Object> settings = new LinkedHashMap<>();
        sorted(components.settings().keySet()).forEach(name -> settings.put(name, components.settings().get(name)));
        metadata.put(CheckpointFile.SETTINGS_KEY, Json.write(settings));
        metadata.put(CheckpointFile.EPOCHS_KEY, Integer.toString(epochsCompleted));
        metadata.put(CheckpointFile.GENERATORS_KEY, Json.write(positions));
        Safetensors.write(file, tensors, metadata);
    }

    /**
     * Rebuilds the model component {@value #MODEL} that a checkpoint describes and loads its state.
     *
     * @throws CorruptCheckpointException if the file is damaged, its tensors do not fit its
     *     description, or a value is NaN or infinite
     * @throws UnknownLayerTypeException if a layer type has no provider
     */
    public static Layer loadModel(Path file, LayerRegistry registry) throws IOException {
        return loadModel(file, registry, LoadOptions.DEFAULT);
    }

    /** Rebuilds the model component {@code options.component()} and loads its state. */
    public static Layer loadModel(Path file, LayerRegistry registry, LoadOptions options) throws IOException {
        CheckpointFile checkpoint = CheckpointFile.read(file);
        String component = options.component();
        LayerConfig config = checkpoint.modelConfig(component);
        long declared;
        try {
            declared = registry.stateElements(config);
        } catch (UnknownLayerTypeException e) {
            throw e;
        } catch (InvalidModelException e) {
            throw new CorruptCheckpointException(file, "its description of model '" + component + "' is invalid: " + e.getMessage(), e);
        }
        long stored = checkpoint.modelTensors(component).values().stream().mapToLong(StoredTensor::size).sum();
        if (declared != stored) {
            throw new CorruptCheckpointException(file, "its description of model '" + component + "' declares " + declared
                    + " parameter and buffer values, its tensors hold " + stored);
        }
        Layer model;
        try {
            model = registry.create(config, Rng.seeded(0));
        } catch (UnknownLayerTypeException e) {
            throw e;
        } catch (RuntimeException e) {        // a provider's factory refusing (or failing on) a hostile description
            throw new CorruptCheckpointException(file, "its description of model '" + component + "' cannot be built: " + e, e);
        }
        Runnable load;
        try {
            load = prepareModel(checkpoint, component, model, options.allowNonFinite());
        } catch (ArchitectureMismatchException e) {
            throw new CorruptCheckpointException(file, "its tensors do not fit its own model description: " + e.getMessage(), e);
        }
        load.run();
        return model;
    }

    /**
     * Loads the parameters and buffers of model component {@value #MODEL} into a model built in
     * code, which must have exactly the same names and shapes (the architecture description is
     * not consulted, so a model written by hand loads the weights of an equal one).
     *
     * @throws ArchitectureMismatchException listing every parameter missing, extra or of another shape
     * @throws CorruptCheckpointException if the file is damaged or a value is NaN or infinite
     */
    public static void loadInto(Path file, Layer model) throws IOException {
        loadInto(file, model, LoadOptions.DEFAULT);
    }

    /** As {@link #loadInto(Path, Layer)}, for model component {@code options.component()}. */
    public static void loadInto(Path file, Layer model, LoadOptions options) throws IOException {
        CheckpointFile checkpoint = CheckpointFile.read(file);
        checkpoint.modelConfig(options.component());     // the component must exist
        prepareModel(checkpoint, options.component(), model, options.allowNonFinite()).run();
    }

    /**
     * Restores every component from a checkpoint written by {@link #save} for the same
     * architectures (whatever plugin version provided a layer) and optimizer kinds. The file
     * must hold exactly the given components, no more and no fewer.
     *
     * @return the number of epochs completed when it was saved
     * @throws ResumeMismatchException if the file holds other components or settings than the given ones
     * @throws ArchitectureMismatchException if a model is not the one saved
     * @throws CorruptCheckpointException if the file is damaged, a component's state does not
     *     fit, or it holds a NaN or infinite value
     */
    public static int resume(Path file, Components components, LayerRegistry registry) throws IOException {
        CheckpointFile checkpoint = CheckpointFile.read(file);
        requireSameComponents(checkpoint, components);
        List<Runnable> commits = new ArrayList<>();
        for (String name : sorted(components.models().keySet())) {
            Layer model = components.models().get(name);
            requireSameArchitecture(checkpoint, name, model, registry);
            commits.add(prepareModel(checkpoint, name, model, false));
        }
        for (String name : sorted(components.optimizers().keySet())) {
            commits.add(prepareOptimizer(checkpoint, name, components.optimizers().get(name)));
        }
        requireClaimedPositions(checkpoint, components);
        for (String name : sorted(components.generators().keySet())) {
            long position = checkpoint.positions.get(CheckpointFile.TASK_GENERATORS + "/" + name);
            Rng rng = components.generators().get(name);
            commits.add(() -> rng.seek(position));
        }
        for (String name : sorted(components.state().keySet())) {
            commits.add(prepareState(checkpoint, name, components.state().get(name)));
        }
        // everything checked: from here on nothing can fail
        commits.forEach(Runnable::run);
        return checkpoint.epochs;
    }

    /**
     * Restores one {@link Stateful} component (a vocabulary beside a model) from a checkpoint.
     *
     * @throws CorruptCheckpointException if the file is damaged, has no such component, or its state does not fit
     */
    public static void loadState(Path file, String name, Stateful target) throws IOException {
        CheckpointFile checkpoint = CheckpointFile.read(file);
        if (!checkpoint.stateNames.contains(name)) {
            throw checkpoint.fields().corrupt("it holds no state component '" + name + "'; it holds " + checkpoint.stateNames);
        }
        prepareState(checkpoint, name, target).run();
    }

    /** Checks state component {@code name} against {@code target} and returns what restores it. */
    private static Runnable prepareState(CheckpointFile checkpoint, String name, Stateful target) throws CorruptCheckpointException {
        try {
            return target.prepareRestore(checkpoint.stateTensors(name));
        } catch (RuntimeException e) {     // the component's own check (IllegalArgumentException) or its failure on bad input
            throw new CorruptCheckpointException(checkpoint.file, "the state of '" + name + "' does not fit: " + e.getMessage(), e);
        }
    }

    /** The number of epochs completed when the checkpoint was saved. */
    public static int epochsCompleted(Path file) throws IOException {
        return CheckpointFile.read(file).epochs;
    }

    /**
     * The settings the run saved in a checkpoint was configured with (see
     * {@link Components#settings()}), so a caller can compare them before loading anything else.
     */
    public static Map<String, String> settings(Path file) throws IOException {
        return CheckpointFile.read(file).settings;
    }

    private static void requireSameComponents(CheckpointFile checkpoint, Components components) throws ResumeMismatchException {
        List<String> differences = new ArrayList<>();
        compare("models", checkpoint.models.keySet(), components.models().keySet(), differences);
        compare("optimizers", checkpoint.optimizers.keySet(), components.optimizers().keySet(), differences);
        compare("state", Set.copyOf(checkpoint.stateNames), components.state().keySet(), differences);
        Set<String> generators = new TreeSet<>();
        checkpoint.positions.keySet().stream().filter(k -> k.startsWith(CheckpointFile.TASK_GENERATORS + "/"))
                .forEach(k -> generators.add(k.substring(CheckpointFile.TASK_GENERATORS.length() + 1)));
        compare("generators", generators, components.generators().keySet(), differences);
        Set<String> names = new TreeSet<>(checkpoint.settings.keySet());
        names.addAll(components.settings().keySet());
        for (String name : names) {
            String saved = checkpoint.settings.get(name);
            String given = components.settings().get(name);
            if (!Objects.equals(saved, given)) {
                differences.add("setting " + name + " was " + (saved == null ? "not set" : saved) + ", is now "
                        + (given == null ? "not set" : given));
            }
        }
        if (!differences.isEmpty()) {
            throw new ResumeMismatchException(checkpoint.file, differences);
        }
    }

    /** Every generator position in the file belongs to a generator of the run. */
    private static void requireClaimedPositions(CheckpointFile checkpoint, Components components) throws CorruptCheckpointException {
        Set<String> claimed = new TreeSet<>();
        components.models().forEach((name, model) -> model.generators().keySet()
                .forEach(g -> claimed.add(CheckpointFile.prefix(name) + g)));
        components.generators().keySet().forEach(g -> claimed.add(CheckpointFile.TASK_GENERATORS + "/" + g));
        Set<String> unclaimed = new TreeSet<>(checkpoint.positions.keySet());
        unclaimed.removeAll(claimed);
        if (!unclaimed.isEmpty()) {
            throw checkpoint.fields().corrupt("metadata " + CheckpointFile.GENERATORS_KEY + " holds positions of " + unclaimed
                    + ", which no generator of this run has");
        }
    }

    private static void compare(String kind, Set<String> saved, Set<String> given, List<String> differences) {
        Set<String> onlySaved = new TreeSet<>(saved);
        onlySaved.removeAll(given);
        Set<String> onlyGiven = new TreeSet<>(given);
        onlyGiven.removeAll(saved);
        if (!onlySaved.isEmpty()) {
            differences.add(kind + " " + onlySaved + " saved but not in this run");
        }
        if (!onlyGiven.isEmpty()) {
            differences.add(kind + " " + onlyGiven + " in this run but not saved");
        }
    }

    private static void requireSameArchitecture(CheckpointFile checkpoint, String component, Layer model, LayerRegistry registry)
            throws IOException {
        LayerConfig savedConfig = checkpoint.modelConfig(component);
        LayerConfig given = registry.describe(model.config());
        String savedIdentity = ModelDescription.toJson(LayerRegistry.withoutProvenance(savedConfig));
        String givenIdentity = ModelDescription.toJson(LayerRegistry.withoutProvenance(given));
        if (!savedIdentity.equals(givenIdentity)) {
            throw new ArchitectureMismatchException(checkpoint.file, "model '" + component + "' (saved: " + savedIdentity + ", given: "
                    + givenIdentity + ")", List.of(), List.of(), List.of());
        }
        String givenJson = ModelDescription.toJson(given);
        if (!givenJson.equals(ModelDescription.toJson(savedConfig))) {
            LOG.warn("{}: model '{}' was saved with other plugin versions: {}; resuming with {}", checkpoint.file, component,
                    checkpoint.models.get(component), givenJson);
        }
    }

    /** Checks optimizer {@code name}'s saved state against {@code optimizer} and returns what restores it. */
    private static Runnable prepareOptimizer(CheckpointFile checkpoint, String name, Optimizer optimizer) throws IOException {
        CheckpointFile.OptimizerEntry saved = checkpoint.optimizers.get(name);
        if (!optimizer.getClass().getName().equals(saved.type())) {
            throw checkpoint.fields().corrupt("its optimizer '" + name + "' is " + saved.type() + ", the given one is "
                    + optimizer.getClass().getName());
        }
        Set<String> unknown = new TreeSet<>(saved.buffers().keySet());
        unknown.removeAll(optimizer.parameters().keySet());
        if (!unknown.isEmpty()) {
            throw checkpoint.fields().corrupt("optimizer '" + name + "' holds state for " + unknown + ", which it does not update");
        }
        Map<String, List<float[]>> buffers = new LinkedHashMap<>();
        for (Map.Entry<String, Variable> p : optimizer.parameters().entrySet()) {
            List<float[]> slots = new ArrayList<>();
            List<StoredTensor> stored = saved.buffers().getOrDefault(p.getKey(), List.of());
            for (int slot = 0; slot < stored.size(); slot++) {
                String tensor = name + "/" + p.getKey() + "/" + slot;
                float[] values = stored.get(slot).toTensor().data();
                if (values.length != p.getValue().value().size()) {
                    throw checkpoint.fields().corrupt("optimizer buffer '" + tensor + "' has " + values.length
                            + " elements; the parameter has " + p.getValue().value().size());
                }
                requireFinite(checkpoint, tensor, values);
                slots.add(values);
            }
            buffers.put(p.getKey(), slots);
        }
        return () -> {
            optimizer.restore(saved.steps(), buffers);
            optimizer.setLearningRate(saved.learningRate());
        };
    }

    /** The model's parameter values and buffers by path name: what a checkpoint stores of a model. */
    private static Map<String, Tensor> stateOf(Layer model) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> state.put(name, p.value()));
        model.namedBuffers().forEach(state::put);
        return state;
    }

    /**
     * Checks model {@code component}'s tensors and generator positions against {@code model}
     * and returns what copies them in.
     */
    private static Runnable prepareModel(CheckpointFile checkpoint, String component, Layer model, boolean allowNonFinite)
            throws IOException {
        Map<String, Tensor> expected = stateOf(model);
        Map<String, StoredTensor> saved = checkpoint.modelTensors(component);
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        for (Map.Entry<String, Tensor> p : expected.entrySet()) {
            StoredTensor t = saved.get(p.getKey());
            if (t == null) {
                missing.add(p.getKey());
            } else if (!Arrays.equals(t.shape(), p.getValue().shape())) {
                wrongShape.add(p.getKey() + " " + Arrays.toString(t.shape()) + " in the file, " + Arrays.toString(p.getValue().shape())
                        + " in the model");
            }
        }
        List<String> unexpected = saved.keySet().stream().filter(name -> !expected.containsKey(name)).toList();
        if (!missing.isEmpty() || !unexpected.isEmpty() || !wrongShape.isEmpty()) {
            throw new ArchitectureMismatchException(checkpoint.file, "model '" + component + "'", missing, unexpected, wrongShape);
        }
        List<Tensor> targets = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        for (Map.Entry<String, Tensor> p : expected.entrySet()) {
            String name = CheckpointFile.prefix(component) + p.getKey();
            float[] v;
            try {
                v = saved.get(p.getKey()).toTensor().data();
            } catch (IllegalStateException e) {
                throw new CorruptCheckpointException(checkpoint.file, "tensor '" + name + "': " + e.getMessage(), e);
            }
            if (!allowNonFinite) {
                requireFinite(checkpoint, name, v);
            }
            targets.add(p.getValue());
            values.add(v);
        }
        Map<Rng, Long> positions = new IdentityHashMap<>();
        for (Map.Entry<String, Rng> g : model.generators().entrySet()) {
            Long position = checkpoint.positions.get(CheckpointFile.prefix(component) + g.getKey());
            if (position == null) {
                throw checkpoint.fields().corrupt("no position for random generator '" + CheckpointFile.prefix(component) + g.getKey() + "'");
            }
            positions.put(g.getValue(), position);
        }
        return () -> {
            for (int i = 0; i < targets.size(); i++) {
                System.arraycopy(values.get(i), 0, targets.get(i).data(), targets.get(i).offset(), values.get(i).length);
            }
            model.parameters().forEach(Variable::markModified);
            positions.forEach(Rng::seek);
        };
    }

    private static void requireFinite(CheckpointFile checkpoint, String tensor, float[] values) throws CorruptCheckpointException {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw checkpoint.fields().corrupt("tensor '" + tensor + "' holds " + values[i] + " at element " + i
                        + "; a model with NaN or infinite values cannot be used (load with LoadOptions.allowingNonFinite() to inspect it)");
            }
        }
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
