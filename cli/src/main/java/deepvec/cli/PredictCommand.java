package deepvec.cli;

import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.data.IdxFile;
import deepvec.nn.data.ImageInput;
import deepvec.nn.layer.Layer;
import deepvec.simd.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deepvec predict}: class probabilities for images, prepared as the checkpoint records. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Class probabilities from a checkpoint for PNG/JPEG images (made grey and resized to the model's input, "
                + "as the checkpoint records) or for the images of an IDX file.")
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, description = "a .safetensors file written by deepvec train")
    Path checkpoint;

    @Option(names = "--image", arity = "1..*", paramLabel = "FILE", description = "PNG or JPEG images",
            showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER)
    List<Path> images = new ArrayList<>();

    @Option(names = "--idx", paramLabel = "FILE", description = "an IDX file of images [n, height, width] (unsigned bytes)")
    Path idx;

    @Option(names = "--top", description = "classes shown per image, most probable first", defaultValue = "3")
    int top;

    @Option(names = "--dark-on-light", description = "the images show dark objects on a light background (photos, scans): "
            + "invert them to the light-on-dark convention of Fashion-MNIST")
    boolean darkOnLight;

    @Mixin
    PluginOption plugins;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        new OptionChecks().require(!images.isEmpty() || idx != null, "give --image FILE... or --idx FILE")
                .require(images.isEmpty() || idx == null, "give either --image or --idx, not both")
                .atLeast("--top", top, 1).throwIfAny(spec.commandLine());
        ImageInput input = ImageInput.fromSettings(Checkpoint.settings(checkpoint)).orElseThrow(() -> new IllegalArgumentException(
                checkpoint + " does not record the input its model reads (images' size and class names); it was not written by "
                        + "'deepvec train' of an image model"));
        Layer model = Checkpoint.loadModel(checkpoint, plugins.registry().layers());
        List<String> names = new ArrayList<>();
        Tensor batch;
        if (idx != null) {
            batch = ImageFiles.fromIdx(IdxFile.read(idx), input, idx);
            for (int i = 0; i < batch.dim(0); i++) {
                names.add(idx.getFileName() + "[" + i + "]");
            }
        } else {
            batch = ImageFiles.read(images, input, darkOnLight);
            images.forEach(image -> names.add(image.toString()));
        }
        Tensor scores = model.predict(batch);
        if (scores.rank() != 2 || scores.dim(1) != input.classes().size()) {
            throw new IllegalStateException("the model scores " + java.util.Arrays.toString(scores.shape()) + " but the checkpoint names "
                    + input.classes().size() + " classes");
        }
        for (int i = 0; i < names.size(); i++) {
            System.out.println(names.get(i) + ": " + ranking(softmax(scores, i), input.classes()));
        }
        return 0;
    }

    /** The probabilities of row {@code i} of {@code logits}. */
    private static double[] softmax(Tensor logits, int i) {
        int classes = logits.dim(1);
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, logits.get(i, c));
        }
        double[] p = new double[classes];
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            p[c] = Math.exp(logits.get(i, c) - max);
            sum += p[c];
        }
        for (int c = 0; c < classes; c++) {
            p[c] /= sum;
        }
        return p;
    }

    private String ranking(double[] p, List<String> classes) {
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < p.length; c++) {
            order.add(c);
        }
        order.sort((a, b) -> Double.compare(p[b], p[a]));
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < Math.min(top, p.length); k++) {
            int c = order.get(k);
            line.append(k == 0 ? "" : ", ").append(classes.get(c)).append(String.format(Locale.ROOT, " %.3f", p[c]));
        }
        return line.toString();
    }
}
