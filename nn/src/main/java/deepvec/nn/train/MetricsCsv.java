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
 * Writes the per-epoch metrics to a CSV file, one column per metric after {@code epoch}, in the
 * order the first epoch reported them; rewritten atomically after every epoch. Rows of earlier
 * epochs already in the file (from the run a resumed run continues) are kept when the file has
 * the same columns.
 */
public final class MetricsCsv implements TrainingListener {

    /** The first column's name. */
    public static final String EPOCH_COLUMN = "epoch";

    private final Path file;
    private final List<String> rows = new ArrayList<>();
    private List<String> earlier = List.of();
    private String header;

    public MetricsCsv(Path file) {
        this.file = file;
    }

    @Override
    public void onEpochStart(TrainingRun run, int epoch, int batches) {
        if (header == null && epoch > 1 && Files.isRegularFile(file)) {
            try {
                earlier = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot continue the metrics file " + file, e);
            }
        }
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics m) {
        if (header == null) {
            header = EPOCH_COLUMN + "," + String.join(",", m.asMap().keySet());
            keepEarlierRows(m.epoch());
        }
        StringBuilder row = new StringBuilder(Integer.toString(m.epoch()));
        m.asMap().values().forEach(v -> row.append(',').append(String.format(Locale.ROOT, "%.6g", v)));
        rows.add(row.toString());
        try {
            AtomicFiles.writeString(file, header + "\n" + String.join("\n", rows) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + " failed", e);
        }
    }

    /** The rows of epochs before {@code epoch} from the file this run continues. */
    private void keepEarlierRows(int epoch) {
        if (earlier.isEmpty()) {
            return;
        }
        if (!earlier.get(0).equals(header)) {
            throw new IllegalStateException("cannot continue the metrics file " + file + ": its columns are " + earlier.get(0)
                    + ", this run reports " + header);
        }
        for (String line : earlier.subList(1, earlier.size())) {
            int comma = line.indexOf(',');
            try {
                if (!line.isBlank() && Integer.parseInt(line.substring(0, comma < 0 ? line.length() : comma)) < epoch) {
                    rows.add(line);
                }
            } catch (NumberFormatException e) {
                throw new IllegalStateException("cannot continue the metrics file " + file + ": the row '" + line
                        + "' does not start with an epoch number", e);
            }
        }
    }
}
