package deepvec.nn.data;

import deepvec.simd.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Fashion-MNIST (Xiao et al. 2017): 28 x 28 grey-scale images of 10 kinds of clothing, 60,000
 * for training and 10,000 for testing, in IDX files ({@code train-images-idx3-ubyte[.gz]}
 * and so on). Images become rows of 784 floats in [0, 1].
 */
public final class FashionMnist {

    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int CLASSES = 10;
    /** Rows and columns of an image. */
    public static final int SIDE = 28;

    /** The environment variable that overrides {@link #DEBIAN_DIRECTORY}. */
    public static final String DIRECTORY_VARIABLE = "DEEPVEC_FASHION_MNIST";

    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot");

    /** {@code $DEEPVEC_FASHION_MNIST} when set, else {@link #DEBIAN_DIRECTORY}. */
    public static Path defaultDirectory() {
        String override = System.getenv(DIRECTORY_VARIABLE);
        return override == null || override.isBlank() ? DEBIAN_DIRECTORY : Path.of(override);
    }

    private FashionMnist() {
    }

    /** The training set from {@code directory}. */
    public static Dataset training(Path directory) throws IOException {
        return load(directory, "train");
    }

    /** The test set from {@code directory}. */
    public static Dataset test(Path directory) throws IOException {
        return load(directory, "t10k");
    }

    private static Dataset load(Path directory, String prefix) throws IOException {
        Path imagesFile = find(directory, prefix + "-images-idx3-ubyte");
        Path labelsFile = find(directory, prefix + "-labels-idx1-ubyte");
        IdxFile images = IdxFile.read(imagesFile);
        IdxFile labels = IdxFile.read(labelsFile);
        if (images.shape().length != 3 || images.shape()[1] != SIDE || images.shape()[2] != SIDE) {
            throw new IdxFormatException(imagesFile + " holds shape " + Arrays.toString(images.shape()) + "; expected [n, 28, 28] images");
        }
        if (labels.shape().length != 1) {
            throw new IdxFormatException(labelsFile + " holds shape " + Arrays.toString(labels.shape()) + "; expected [n] labels");
        }
        int n = images.shape()[0];
        if (labels.shape()[0] != n) {
            throw new IdxFormatException(labelsFile + " holds " + labels.shape()[0] + " labels for the " + n + " images of " + imagesFile
                    + "; expected equal counts");
        }
        int pixels = images.shape()[1] * images.shape()[2];
        Tensor x = Tensor.zeros(n, pixels);
        byte[] raw = images.data();
        float[] out = x.data();
        for (int i = 0; i < raw.length; i++) {
            out[i] = (raw[i] & 0xFF) / 255f;
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.data()[i] & 0xFF;
            if (y[i] >= CLASSES) {
                throw new IdxFormatException(labelsFile + " holds label " + y[i] + " at index " + i + "; expected 0 to " + (CLASSES - 1));
            }
        }
        return Dataset.of(x, y);
    }

    /** The file with this base name, plain or with .gz. */
    private static Path find(Path directory, String base) throws NoSuchFileException {
        for (String name : new String[] {base, base + ".gz"}) {
            Path p = directory.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new NoSuchFileException(directory.resolve(base) + "[.gz]", null,
                "Fashion-MNIST file missing; install Debian's dataset-fashion-mnist or point at a folder holding the IDX files");
    }
}
