package deepvec.cli;

import deepvec.viz.LineChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws {@code gradient_norms.csv} (written by {@link deepvec.nn.train.GradientNormsThroughTime}):
 * the norm of the gradient reaching each time step, one line for the first, the middle and the
 * last epoch, on a log scale (Deep Learning section 10.7).
 */
final class GradientNormPlot {

    private GradientNormPlot() {
    }

    static void write(Path csv, Path png) throws IOException {
        if (!Files.isRegularFile(csv)) {
            return;
        }
        Map<Integer, List<double[]>> byEpoch = new TreeMap<>();          // epoch -> (step, norm) of the first recurrent layer
        String firstLayer = null;
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            firstLayer = firstLayer == null ? f[1] : firstLayer;
            if (f[1].equals(firstLayer)) {
                byEpoch.computeIfAbsent(Integer.parseInt(f[0]), e -> new ArrayList<>())
                        .add(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])});
            }
        }
        if (byEpoch.isEmpty()) {
            return;
        }
        List<Integer> epochs = new ArrayList<>(byEpoch.keySet());
        List<Integer> shown = List.of(epochs.getFirst(), epochs.get(epochs.size() / 2), epochs.getLast()).stream().distinct().toList();
        double[] steps = byEpoch.get(shown.getFirst()).stream().mapToDouble(p -> p[0]).toArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int epoch : shown) {
            series.put("epoch " + epoch, byEpoch.get(epoch).stream().mapToDouble(p -> p[1]).toArray());
        }
        LineChart.writePng(png, "Gradient norm per time step (" + firstLayer + ")", "time step t", "||dL/dh_t||", steps, series, true);
    }
}
