package deepvec.viz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** A confusion matrix (true class by predicted class, counts) as a PNG heat map. */
public final class ConfusionMatrixChart {

    private ConfusionMatrixChart() {
    }

    /**
     * @param counts [true class][predicted class]
     * @param classNames one name per class
     */
    public static void writePng(Path file, long[][] counts, List<String> classNames) throws IOException {
        int k = classNames.size();
        if (counts.length != k) {
            throw new IllegalArgumentException("confusion matrix has " + counts.length + " rows for " + k + " class names");
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(900).height(800).title("Confusion matrix (rows: true class)")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            if (counts[t].length != k) {
                throw new IllegalArgumentException("confusion matrix row " + t + " has " + counts[t].length + " entries; expected " + k);
            }
            for (int p = 0; p < k; p++) {
                cells.add(new Number[] {p, k - 1 - t, counts[t][p]});
            }
        }
        List<String> reversed = new ArrayList<>(classNames);
        java.util.Collections.reverse(reversed);
        chart.addSeries("counts", classNames, reversed, cells);
        Png.write(file, org.knowm.xchart.BitmapEncoder.getBufferedImage(chart));
    }
}
