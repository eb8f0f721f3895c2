package deepvec.nn.train;

import deepvec.nn.checkpoint.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the per-epoch metrics to a CSV file, rewritten atomically after every epoch. Rows of
 * earlier epochs already in the file (from the run a resumed run continues) are kept.
 */
public final class MetricsCsv implements TrainingListener {

    /** The header line. */
    public static final String HEADER = "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,"
            + "gradient_norm,gTg,gTHg,learning_rate,seconds,examples_per_second";

    private final Path file;
    private final List<String> rows = new ArrayList<>();

    public MetricsCsv(Path file) {
        this.file = file;
    }

    @Override
    public void onEpochStart(TrainingRun run, int epoch, int batches) {
        if (rows.isEmpty() && epoch > 1 && Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.equals(HEADER) && !line.isBlank() && Integer.parseInt(line.substring(0, line.indexOf(','))) < epoch) {
                        rows.add(line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot continue the metrics file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics m) {
        rows.add(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6g,%.6g,%.6g,%.6g,%.3f,%.1f", m.epoch(), m.trainLoss(),
                m.trainAccuracy(), m.validationLoss(), m.validationAccuracy(), m.gradientNorm(), m.gradientSquared(), m.curvature(),
                m.learningRate(), m.seconds(), m.examplesPerSecond()));
        try {
            AtomicFiles.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + " failed", e);
        }
    }
}
