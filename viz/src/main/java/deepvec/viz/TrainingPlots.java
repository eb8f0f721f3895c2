package deepvec.viz;

import deepvec.nn.train.EpochMetrics;
import deepvec.nn.train.MetricsCsv;
import deepvec.nn.train.TrainingListener;
import deepvec.nn.train.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After every epoch, redraws the training curves from the metrics CSV (so a resumed run's
 * charts show the whole history), whatever metrics the task reports: one chart
 * {@code <name>.png} per metric reported as {@code train.<name>} or {@code validation.<name>},
 * with a training and a validation curve ({@code loss.png}, {@code accuracy.png},
 * {@code gradient_norm.png}, ...), and, when curvature is monitored, {@code curvature.png} with
 * g^T g and g^T H g on a log scale (Deep Learning figure 8.1's ill-conditioning signal). Add it
 * after the {@link MetricsCsv} listener that writes {@code csv}.
 */
public final class TrainingPlots implements TrainingListener {

    private static final String TRAIN = "train.";
    private static final String VALIDATION = "validation.";

    private final Path csv;
    private final Path folder;

    public TrainingPlots(Path csv, Path folder) {
        this.csv = csv;
        this.folder = folder;
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics metrics) {
        try {
            plot(csv, folder);
        } catch (IOException e) {
            throw new UncheckedIOException("drawing the training curves in " + folder + " failed", e);
        }
    }

    /**
     * Draws the charts of a metrics CSV file written by {@link MetricsCsv}.
     *
     * @return the chart files written
     */
    public static List<Path> plot(Path csv, Path folder) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith(MetricsCsv.EPOCH_COLUMN + ",")) {
            throw new IOException(csv + " is not a deepvec metrics file (expected a header starting with '"
                    + MetricsCsv.EPOCH_COLUMN + ",')");
        }
        List<String> header = List.of(lines.get(0).split(","));
        double[][] columns = columns(csv, header, lines.subList(1, lines.size()));
        double[] epochs = columns[0];
        List<Path> written = new ArrayList<>();
        for (String metric : splitMetrics(header)) {
            Map<String, double[]> series = new LinkedHashMap<>();
            addIfPresent(series, "training", header, columns, TRAIN + metric);
            addIfPresent(series, "validation", header, columns, VALIDATION + metric);
            if (hasValues(series)) {
                Path file = folder.resolve(metric + ".png");
                LineChart.writePng(file, metric.replace('_', ' '), "epoch", metric.replace('_', ' '), epochs, series, false);
                written.add(file);
            }
        }
        Map<String, double[]> curvature = new LinkedHashMap<>();
        addIfPresent(curvature, "g'g", header, columns, "gTg");
        addIfPresent(curvature, "g'Hg", header, columns, "gTHg");
        if (hasValues(curvature)) {
            Path file = folder.resolve("curvature.png");
            LineChart.writePng(file, "Gradient norm and curvature along the gradient", "epoch", "value", epochs, curvature, true);
            written.add(file);
        }
        return written;
    }

    /** The names reported as train.NAME or validation.NAME, in header order. */
    private static List<String> splitMetrics(List<String> header) {
        List<String> names = new ArrayList<>();
        for (String column : header) {
            String name = column.startsWith(TRAIN) ? column.substring(TRAIN.length())
                    : column.startsWith(VALIDATION) ? column.substring(VALIDATION.length()) : null;
            if (name != null && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static double[][] columns(Path csv, List<String> header, List<String> rows) throws IOException {
        double[][] columns = new double[header.size()][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String[] cells = rows.get(r).split(",");
            if (cells.length != header.size()) {
                throw new IOException(csv + " line " + (r + 2) + " has " + cells.length + " fields; expected " + header.size());
            }
            for (int c = 0; c < cells.length; c++) {
                try {
                    columns[c][r] = Double.parseDouble(cells[c]);
                } catch (NumberFormatException e) {
                    throw new IOException(csv + " line " + (r + 2) + " field " + (c + 1) + " is '" + cells[c] + "', not a number", e);
                }
            }
        }
        return columns;
    }

    private static void addIfPresent(Map<String, double[]> series, String label, List<String> header, double[][] columns,
            String column) {
        int index = header.indexOf(column);
        if (index >= 0) {
            series.put(label, columns[index]);
        }
    }

    private static boolean hasValues(Map<String, double[]> series) {
        return series.values().stream().anyMatch(v -> Arrays.stream(v).anyMatch(Double::isFinite));
    }
}
