package deepvec.cli;

import deepvec.nn.data.FashionMnist;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data} option shared by the commands that read Fashion-MNIST. */
final class DataOption {

    @Option(names = "--data", description = "folder with the Fashion-MNIST IDX files (default: $DEEPVEC_FASHION_MNIST, else "
            + "/usr/share/datasets/fashion-mnist)")
    Path data;

    /** The folder to read: --data, else the environment variable, else Debian's location. */
    Path directory() {
        return data != null ? data : FashionMnist.defaultDirectory();
    }
}
