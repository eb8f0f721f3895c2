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

/**
 * A model (and, for resuming, its training state) in one safetensors file. The tensors are the
 * parameters by name, then the optimizer's buffers as {@code optimizer/<parameter>/<slot>}; the
 * metadata holds the JSON {@link ModelDescription}, the optimizer's kind, step count and learning
 * rate, the completed epochs, and the positions of the model's random generators. Loading
 * checks everything before changing anything, so a bad file leaves the model as it was.
 *
 * <pre>{@code
 * Checkpoint.save(dir.resolve("epoch-3.safetensors"), model, optimizer, 3);
 * Layer restored = Checkpoint.loadModel(file, LayerRegistry.standard());
 * }</pre>
 */
public final class Checkpoint {

    private static final String FORMAT_KEY = "deepvec.format";
    private static final String FORMAT = "deepvec-checkpoint/1";
    private static final String MODEL_KEY = "deepvec.model";
    private static final String OPTIMIZER_KEY = "deepvec.optimizer";
    private static final String EPOCHS_KEY = "deepvec.epochs";
    private static final String GENERATORS_KEY = "deepvec.generators";
    private static final String OPTIMIZER_PREFIX = "optimizer/";

    private Checkpoint() {
    }

    /**
     * Writes the model, the optimizer's state and the number of completed epochs atomically.
     *
     * @param optimizer null to save the model alone
     */
    public static void save(Path file, Layer model, Optimizer optimizer, int epochsCompleted) throws IOException {
        Map<String, Variable> parameters = model.namedParameters();
        Map<String, Tensor> tensors = stateOf(model);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT_KEY, FORMAT);
        metadata.put(MODEL_KEY, ModelDescription.toJson(LayerRegistry.standard().describe(model.config())));
        metadata.put(EPOCHS_KEY, Integer.toString(epochsCompleted));
        Map<String, Object> positions = new LinkedHashMap<>();
        model.generators().forEach((name, rng) -> positions.put(name, rng.position()));
        metadata.put(GENERATORS_KEY, Json.write(positions));
        if (optimizer != null) {
            List<String> names = new ArrayList<>(parameters.keySet());
            for (int i = 0; i < names.size(); i++) {
                List<float[]> buffers = optimizer.state(i);
                for (int slot = 0; slot < buffers.size(); slot++) {
                    tensors.put(OPTIMIZER_PREFIX + names.get(i) + "/" + slot, Tensor.of(buffers.get(slot), buffers.get(slot).length));
                }
            }
            metadata.put(OPTIMIZER_KEY, Json.write(Map.of("type", optimizer.getClass().getName(), "steps", optimizer.steps(),
                    "learningRate", optimizer.learningRate())));
        }
        Safetensors.write(file, tensors, metadata);
    }

    /**
     * Rebuilds the model a checkpoint describes and loads its parameters.
     *
     * @throws CorruptCheckpointException if the file is damaged or its tensors do not fit its description
     * @throws UnknownLayerTypeException if a layer type has no provider
     */
    public static Layer loadModel(Path file, LayerRegistry registry) throws IOException {
        Safetensors.Contents contents = readDeepvec(file);
        Layer model;
        try {
            model = registry.create(ModelDescription.fromJson(contents.metadata().get(MODEL_KEY)), Rng.seeded(0));
        } catch (UnknownLayerTypeException e) {
            throw e;
        } catch (InvalidModelException e) {
            throw new CorruptCheckpointException(file, "its model description is invalid: " + e.getMessage(), e);
        }
        loadParameters(file, contents, model);
        restoreGenerators(file, contents, model);
        return model;
    }

    /**
     * Restores parameters, generator positions and optimizer state from a checkpoint written by
     * {@link #save} for the same architecture and optimizer kind.
     *
     * @return the number of epochs completed when it was saved
     * @throws CorruptCheckpointException if the file is damaged or does not match the model or optimizer
     */
    public static int resume(Path file, Layer model, Optimizer optimizer) throws IOException {
        Safetensors.Contents contents = readDeepvec(file);
        String description = ModelDescription.toJson(LayerRegistry.standard().describe(model.config()));
        if (!description.equals(contents.metadata().get(MODEL_KEY))) {
            throw new CorruptCheckpointException(file, "it holds a different model:\n  saved: " + contents.metadata().get(MODEL_KEY)
                    + "\n  given: " + description);
        }
        OptimizerState saved = optimizerState(file, contents, model, optimizer);
        loadParameters(file, contents, model);
        restoreGenerators(file, contents, model);
        optimizer.restore(saved.steps(), saved.buffers());
        optimizer.setLearningRate(saved.learningRate());
        return intMetadata(file, contents, EPOCHS_KEY);
    }

    /** The number of epochs completed when the checkpoint was saved. */
    public static int epochsCompleted(Path file) throws IOException {
        return intMetadata(file, readDeepvec(file), EPOCHS_KEY);
    }

    private record OptimizerState(int steps, float learningRate, List<List<float[]>> buffers) {
    }

    private static OptimizerState optimizerState(Path file, Safetensors.Contents contents, Layer model, Optimizer optimizer)
            throws IOException {
        String json = contents.metadata().get(OPTIMIZER_KEY);
        if (json == null) {
            throw new CorruptCheckpointException(file, "it holds no optimizer state (saved without one); it can be loaded, not resumed");
        }
        Map<String, Object> saved = Safetensors.cast((Map<?, ?>) Json.parse(json));
        if (!optimizer.getClass().getName().equals(saved.get("type"))) {
            throw new CorruptCheckpointException(file, "its optimizer is " + saved.get("type") + ", the given one is "
                    + optimizer.getClass().getName());
        }
        List<List<float[]>> buffers = new ArrayList<>();
        for (Map.Entry<String, Variable> p : model.namedParameters().entrySet()) {
            List<float[]> slots = new ArrayList<>();
            for (int slot = 0; ; slot++) {
                Tensor t = contents.tensors().get(OPTIMIZER_PREFIX + p.getKey() + "/" + slot);
                if (t == null) {
                    break;
                }
                if (t.size() != p.getValue().value().size()) {
                    throw new CorruptCheckpointException(file, "optimizer buffer " + slot + " of '" + p.getKey() + "' has "
                            + t.size() + " elements; the parameter has " + p.getValue().value().size());
                }
                slots.add(t.data());
            }
            buffers.add(slots);
        }
        return new OptimizerState(((Number) saved.get("steps")).intValue(), ((Number) saved.get("learningRate")).floatValue(), buffers);
    }

    private static Safetensors.Contents readDeepvec(Path file) throws IOException {
        Safetensors.Contents contents = Safetensors.read(file);
        if (!FORMAT.equals(contents.metadata().get(FORMAT_KEY)) || contents.metadata().get(MODEL_KEY) == null) {
            throw new CorruptCheckpointException(file, "not a deepvec checkpoint (metadata " + FORMAT_KEY + " = "
                    + contents.metadata().get(FORMAT_KEY) + ", expected " + FORMAT + ")");
        }
        return contents;
    }

    /** The model's parameter values and buffers by name: what a checkpoint stores of the model. */
    private static Map<String, Tensor> stateOf(Layer model) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> state.put(name, p.value()));
        model.namedBuffers().forEach(state::put);
        return state;
    }

    private static void loadParameters(Path file, Safetensors.Contents contents, Layer model) throws CorruptCheckpointException {
        Map<String, Tensor> state = stateOf(model);
        for (Map.Entry<String, Tensor> p : state.entrySet()) {
            Tensor saved = contents.tensors().get(p.getKey());
            if (saved == null) {
                throw new CorruptCheckpointException(file, "parameter '" + p.getKey() + "' is missing");
            }
            if (!Arrays.equals(saved.shape(), p.getValue().shape())) {
                throw new CorruptCheckpointException(file, "parameter '" + p.getKey() + "' has shape " + Arrays.toString(saved.shape())
                        + "; the model needs " + Arrays.toString(p.getValue().shape()));
            }
        }
        state.forEach((name, target) -> {
            float[] values = contents.tensors().get(name).data();
            System.arraycopy(values, 0, target.data(), target.offset(), values.length);
        });
    }

    private static void restoreGenerators(Path file, Safetensors.Contents contents, Layer model) throws IOException {
        String json = contents.metadata().get(GENERATORS_KEY);
        Map<String, Object> positions = json == null ? Map.of() : Safetensors.cast((Map<?, ?>) Json.parse(json));
        for (Map.Entry<String, Rng> g : model.generators().entrySet()) {
            if (!(positions.get(g.getKey()) instanceof Long position)) {
                throw new CorruptCheckpointException(file, "no position for random generator '" + g.getKey() + "'");
            }
            g.getValue().seek(position);
        }
    }

    private static int intMetadata(Path file, Safetensors.Contents contents, String key) throws CorruptCheckpointException {
        try {
            return Integer.parseInt(contents.metadata().get(key));
        } catch (NumberFormatException e) {
            throw new CorruptCheckpointException(file, "metadata " + key + " is " + contents.metadata().get(key) + "; expected an integer");
        }
    }
}
