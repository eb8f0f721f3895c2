package deepvec.nn.train;

import deepvec.nn.checkpoint.AtomicFiles;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.RecurrentLayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The challenge of long-term dependencies made visible (Deep Learning section 10.7): after each
 * epoch, for every recurrent layer of the task's models, the norm of the gradient that reached
 * each state h_t in the epoch's last training step, written to a CSV file with columns
 * {@code epoch,layer,step,norm} (step 1 is the first time step). Exploding gradients grow
 * towards step 1; vanishing ones shrink.
 */
public final class GradientNormsThroughTime implements TrainingListener {

    private final Path csv;
    private final StringBuilder rows = new StringBuilder("epoch,layer,step,norm\n");

    public GradientNormsThroughTime(Path csv) {
        this.csv = csv;
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics metrics) {
        run.task().models().forEach((name, model) -> recurrentLayers(name, model).forEach((path, layer) -> {
            double[] norms = layer.stateGradientNorms();
            if (norms != null) {
                for (int t = 0; t < norms.length; t++) {
                    rows.append(String.format(Locale.ROOT, "%d,%s,%d,%.6g%n", metrics.epoch(), path, t + 1, norms[t]));
                }
            }
        }));
        try {
            AtomicFiles.writeString(csv, rows.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + csv, e);
        }
    }

    /** The recurrent layers of a model tree by path name. */
    static Map<String, RecurrentLayer> recurrentLayers(String prefix, Layer layer) {
        Map<String, RecurrentLayer> found = new LinkedHashMap<>();
        if (layer instanceof RecurrentLayer r) {
            found.put(prefix, r);
        }
        layer.children().forEach((name, child) -> found.putAll(recurrentLayers(prefix + "." + name, child)));
        return found;
    }
}
