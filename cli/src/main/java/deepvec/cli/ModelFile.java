package deepvec.cli;

import deepvec.nn.checkpoint.ModelDescription;
import deepvec.nn.layer.InvalidModelException;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerRegistry;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** {@code --model-file}: a user's architecture from a model description, checked to be a classifier of the data. */
final class ModelFile {

    private ModelFile() {
    }

    /**
     * The freshly initialised model the file describes, after one forward pass of a zero batch
     * has shown that it maps {@code [1, features]} to {@code [1, classes]}.
     *
     * @throws InvalidModelException if the file is not a model description, names an unknown
     *     layer type, or its model does not fit the data
     */
    static Layer classifier(Path file, LayerRegistry layers, int features, int classes, long seed) throws IOException {
        Layer model = layers.create(ModelDescription.fromJson(Files.readString(file)), Rng.seeded(seed));
        int[] shape;
        try {
            shape = model.predict(Tensor.zeros(1, features)).shape();
        } catch (RuntimeException e) {
            throw new InvalidModelException("the model in " + file + " cannot read a batch of shape [1, " + features + "]: "
                    + e.getMessage(), e);
        }
        if (!Arrays.equals(shape, new int[] {1, classes})) {
            throw new InvalidModelException("the model in " + file + " maps a batch of shape [1, " + features + "] to "
                    + Arrays.toString(shape) + "; expected [1, " + classes + "] class scores");
        }
        return model;
    }
}
