package deepvec.nn.train;

import deepvec.nn.checkpoint.AtomicFiles;
import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.layer.LayerRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a {@link Trainer} saves its resumable checkpoint after every epoch: as
 * {@code epoch-NNN.safetensors} in a folder, and the same as {@code last.safetensors}; both
 * written atomically.
 */
public final class EpochCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(EpochCheckpoints.class);

    private final Path folder;
    private final LayerRegistry registry;

    /** Checkpoints in {@code folder} of models built from {@code registry}'s layer types. */
    public EpochCheckpoints(Path folder, LayerRegistry registry) {
        this.folder = folder;
        this.registry = registry;
    }

    /** The checkpoint file of a (1-based) epoch. */
    public Path fileFor(int epoch) {
        return folder.resolve(String.format("epoch-%03d.safetensors", epoch));
    }

    /** The checkpoint of the latest epoch. */
    public Path last() {
        return folder.resolve("last.safetensors");
    }

    /** Saves {@code components} as the checkpoint of {@code epoch}, and as the last one. */
    void save(Checkpoint.Components components, int epoch) {
        try {
            Path file = fileFor(epoch);
            Checkpoint.save(file, components, epoch, registry);
            AtomicFiles.write(last(), out -> Files.copy(file, out));      // the same bytes, not serialised twice
        } catch (IOException e) {
            throw new UncheckedIOException("saving the checkpoint of epoch " + epoch + " in " + folder + " failed", e);
        }
        LOG.debug("saved {}", fileFor(epoch));
    }
}
