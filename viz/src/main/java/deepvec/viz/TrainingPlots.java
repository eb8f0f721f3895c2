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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After every epoch, redraws the training curves from the metrics CSV (so a resumed run's
 * charts show the whole history): {@code loss.png} (training and validation cross-entropy),
 * {@code accuracy.png}, and, when curvature is monitored, {@code curvature.png} with g^T g and
 * g^T H g on a log scale (Deep Learning figure 8.1's ill-conditioning signal). Add it after the
 * {@link MetricsCsv} listener that writes {@code csv}.
 */
public final class TrainingPlots implements TrainingListener {

    private final Path csv;
    private final Path folder;

    public TrainingPlots(Path csv, Path folder) {
        this.csv = csv;
        this.folder = folder;
    }

    /** The charts this listener writes. */
    public List<Path> files() {
        return List.of(folder.resolve("loss.png"), folder.resolve("accuracy.png"), folder.resolve("curvature.png"));
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics metrics) {
        try {
            plot(csv, folder);
        } catch (IOException e) {
            throw new UncheckedIOException("drawing the training curves in " + folder + " failed", e);
        }
    }

    /** Draws the charts of a metrics CSV file written by {@link MetricsCsv}. */
    public static void plot(Path csv, Path folder) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(MetricsCsv.HEADER)) {
            throw new IOException(csv + " is not a deepvec metrics file (expected the header " + MetricsCsv.HEADER + ")");
        }
        List<String> header = List.of(MetricsCsv.HEADER.split(","));
        int rows = lines.size() - 1;
        double[][] columns = new double[header.size()][rows];
        for (int r = 0; r < rows; r++) {
            String[] cells = lines.get(r + 1).split(",");
            if (cells.length != header.size()) {
                throw new IOException(csv + " line " + (r + 2) + " has " + cells.length + " fields; expected " + header.size());
            }
            for (int c = 0; c < cells.length; c++) {
                columns[c][r] = Double.parseDouble(cells[c]);
            }
        }
        double[] epochs = columns[header.indexOf("epoch")];
        LineChart.writePng(folder.resolve("loss.png"), "Cross-entropy", "epoch", "nats per example", epochs,
                series(header, columns, "training", "train_loss", "validation", "validation_loss"), false);
        LineChart.writePng(folder.resolve("accuracy.png"), "Accuracy", "epoch", "fraction correct", epochs,
                series(header, columns, "training", "train_accuracy", "validation", "validation_accuracy"), false);
        Map<String, double[]> curvature = series(header, columns, "g'g", "gTg", "g'Hg", "gTHg");
        if (curvature.values().stream().anyMatch(v -> java.util.Arrays.stream(v).anyMatch(Double::isFinite))) {
            LineChart.writePng(folder.resolve("curvature.png"), "Gradient norm and curvature along the gradient", "epoch", "value",
                    epochs, curvature, true);
        }
    }

    private static Map<String, double[]> series(List<String> header, double[][] columns, String... namesAndColumns) {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int i = 0; i < namesAndColumns.length; i += 2) {
            series.put(namesAndColumns[i], columns[header.indexOf(namesAndColumns[i + 1])]);
        }
        return series;
    }
}
