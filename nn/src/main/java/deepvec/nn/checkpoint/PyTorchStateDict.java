package deepvec.nn.checkpoint;

import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Bidirectional;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.RecurrentLayer;
import deepvec.simd.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports the weights of a PyTorch model, a {@code state_dict} saved with safetensors
 * ({@code safetensors.torch.save_file(model.state_dict(), "model.safetensors")}), into the
 * matching deepvec model. PyTorch's names are the module path and the parameter name,
 * {@code 0.weight} for the first module of an {@code nn.Sequential}; deepvec's
 * {@link deepvec.nn.layer.Sequential} numbers its layers the same way, activations included.
 * What differs is translated per layer type:
 * <ul>
 *   <li>{@link Linear}: PyTorch's weight is {@code [out, in]}, deepvec's {@code [in, out]}: transposed;</li>
 *   <li>{@link RecurrentLayer} (RNN, LSTM, GRU): PyTorch's {@code weight_ih_l0}, {@code weight_hh_l0},
 *       {@code bias_ih_l0}, {@code bias_hh_l0} (gates i, f, g, o and r, z, n in the same order);
 *       in a {@link Bidirectional}, the backward direction's are PyTorch's {@code ..._l0_reverse};</li>
 *   <li>batch normalisation: {@code weight}, {@code bias}, {@code running_mean}, {@code running_var}
 *       as they are; {@code num_batches_tracked} is not needed and not reported;</li>
 *   <li>{@code Conv2d} ({@code [out, in/groups, kh, kw]}), {@code Embedding} and the rest: the same
 *       name and layout.</li>
 * </ul>
 * A name map renames the file's tensors first. A key ending in {@code .} is a prefix:
 * {@code "features." -> "0."} renames {@code features.3.weight} to {@code 0.3.weight}. Any
 * other key renames one name. Nothing is written into the model until every tensor to load
 * has been checked.
 */
public final class PyTorchStateDict {

    private static final String IGNORED_SUFFIX = "num_batches_tracked";

    private PyTorchStateDict() {
    }

    /**
     * What an import matched, and what it could not.
     *
     * @param loaded deepvec names whose values came from the file
     * @param unexpected file names (after renaming) that match nothing in the model
     * @param missing PyTorch names the model expects that the file lacks
     * @param mismatched names present on both sides with different shapes, with both shapes
     */
    public record Report(List<String> loaded, List<String> unexpected, List<String> missing, List<String> mismatched) {

        /** Whether every parameter and buffer of the model was loaded and nothing in the file was left over. */
        public boolean complete() {
            return unexpected.isEmpty() && missing.isEmpty() && mismatched.isEmpty();
        }

        @Override
        public String toString() {
            return loaded.size() + " loaded; unexpected in the file " + unexpected + "; missing from the file " + missing
                    + "; shapes differ " + mismatched;
        }
    }

    /**
     * Loads what matches.
     *
     * @param strict if true, nothing is loaded unless the report is {@linkplain Report#complete() complete}
     *     (PyTorch's {@code load_state_dict(strict=True)})
     * @throws ArchitectureMismatchException when strict and the file does not match the model
     *     exactly, or (strict or not) when a name matches but the shape does not
     * @throws CorruptCheckpointException if the file is damaged, or a tensor to load holds NaN or
     *     infinity or is not a float tensor
     */
    public static Report load(Path file, Layer model, Map<String, String> renames, boolean strict) throws IOException {
        Safetensors.Contents contents = Safetensors.read(file);
        Map<String, Target> targets = new LinkedHashMap<>();
        collect(model, "", targets);
        List<String> loaded = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<Runnable> writes = new ArrayList<>();
        Map<String, Target> remaining = new LinkedHashMap<>(targets);
        for (Map.Entry<String, StoredTensor> entry : contents.tensors().entrySet()) {
            String name = renamed(entry.getKey(), renames);
            Target target = remaining.remove(name);
            if (target == null) {
                if (!name.endsWith(IGNORED_SUFFIX)) {
                    unexpected.add(name);
                }
                continue;
            }
            StoredTensor stored = entry.getValue();
            if (!Arrays.equals(stored.shape(), target.torchShape())) {
                mismatched.add(name + ": file " + Arrays.toString(stored.shape()) + ", model expects " + Arrays.toString(target.torchShape()));
                continue;
            }
            Tensor values = floats(file, name, stored);
            writes.add(() -> target.write(values));
            loaded.add(target.deepvecName());
        }
        Report report = new Report(loaded, unexpected, List.copyOf(remaining.keySet()), mismatched);
        if (!mismatched.isEmpty() || strict && !report.complete()) {
            throw new ArchitectureMismatchException(file, "the PyTorch state_dict does not fit the model: " + report,
                    List.copyOf(remaining.keySet()), unexpected, mismatched);
        }
        writes.forEach(Runnable::run);
        return report;
    }

    /** A model tensor to fill: its deepvec name, the shape PyTorch stores it in, and how it is laid out. */
    private record Target(String deepvecName, Tensor destination, int[] torchShape, boolean transposed) {

        void write(Tensor torchValues) {
            Tensor source = transposed ? torchValues.transpose(0, 1).contiguous() : torchValues.contiguous();
            System.arraycopy(source.data(), source.offset(), destination.data(), destination.offset(), destination.size());
        }
    }

    private static void collect(Layer layer, String prefix, Map<String, Target> targets) {
        if (layer instanceof Bidirectional) {
            Map<String, Layer> directions = layer.children();
            recurrentTargets(directions.get("forward"), prefix, prefix + "forward.", "_l0", targets);
            recurrentTargets(directions.get("backward"), prefix, prefix + "backward.", "_l0_reverse", targets);
            return;
        }
        if (layer instanceof RecurrentLayer) {
            recurrentTargets(layer, prefix, prefix, "_l0", targets);
        } else {
            for (Map.Entry<String, Variable> p : layer.localParameters().entrySet()) {
                Tensor value = p.getValue().value();
                boolean transposed = layer instanceof Linear && p.getKey().equals("weight");
                int[] shape = transposed ? new int[] {value.dim(1), value.dim(0)} : value.shape();
                targets.put(prefix + p.getKey(), new Target(prefix + p.getKey(), value, shape, transposed));
            }
            for (Map.Entry<String, Tensor> b : layer.localBuffers().entrySet()) {
                targets.put(prefix + b.getKey(), new Target(prefix + b.getKey(), b.getValue(), b.getValue().shape(), false));
            }
        }
        for (Map.Entry<String, Layer> child : layer.children().entrySet()) {
            collect(child.getValue(), prefix + child.getKey() + ".", targets);
        }
    }

    /** An RNN/LSTM/GRU's four tensors under PyTorch's names, which carry the layer and direction suffix. */
    private static void recurrentTargets(Layer recurrent, String torchPrefix, String deepvecPrefix, String suffix,
            Map<String, Target> targets) {
        for (Map.Entry<String, Variable> p : recurrent.localParameters().entrySet()) {
            Tensor value = p.getValue().value();
            targets.put(torchPrefix + p.getKey() + suffix, new Target(deepvecPrefix + p.getKey(), value, value.shape(), false));
        }
    }

    private static String renamed(String name, Map<String, String> renames) {
        String exact = renames.get(name);
        if (exact != null) {
            return exact;
        }
        String longest = null;
        for (String key : renames.keySet()) {
            if (key.endsWith(".") && name.startsWith(key) && (longest == null || key.length() > longest.length())) {
                longest = key;
            }
        }
        return longest == null ? name : renames.get(longest) + name.substring(longest.length());
    }

    private static Tensor floats(Path file, String name, StoredTensor stored) throws CorruptCheckpointException {
        Tensor values;
        try {
            values = stored.toTensor();
        } catch (IllegalStateException e) {
            throw new CorruptCheckpointException(file, "tensor '" + name + "' is " + stored.dtype() + "; a weight must be a float tensor");
        }
        float[] data = values.contiguous().data();
        for (float v : data) {
            if (!Float.isFinite(v)) {
                throw new CorruptCheckpointException(file, "tensor '" + name + "' holds " + v + "; weights must be finite");
            }
        }
        return values;
    }
}
