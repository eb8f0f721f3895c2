package deepvec.viz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG line chart of one or more series over a shared x axis (epochs, steps). */
public final class LineChart {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    private LineChart() {
    }

    /**
     * Draws {@code series} (name to y values, each as long as x) and writes it as PNG. Series whose
     * values are all NaN are left out; points that are NaN are skipped.
     *
     * @param logScale a logarithmic y axis (for quantities spanning decades, like curvature)
     * @throws IllegalArgumentException if a series' length differs from x's, or nothing is left to draw
     */
    public static void writePng(Path file, String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series,
            boolean logScale) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisLogarithmic(logScale);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        int drawn = 0;
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            double[] y = s.getValue();
            if (y.length != x.length) {
                throw new IllegalArgumentException("series '" + s.getKey() + "' has " + y.length + " values for " + x.length + " x values");
            }
            int[] keep = java.util.stream.IntStream.range(0, y.length)
                    .filter(i -> Double.isFinite(y[i]) && (!logScale || y[i] > 0)).toArray();
            if (keep.length == 0) {
                continue;
            }
            XYSeries line = chart.addSeries(s.getKey(), Arrays.stream(keep).mapToDouble(i -> x[i]).toArray(),
                    Arrays.stream(keep).mapToDouble(i -> y[i]).toArray());
            line.setMarker(keep.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            drawn++;
        }
        if (drawn == 0) {
            throw new IllegalArgumentException("chart '" + title + "': no series has a value to draw");
        }
        Png.write(file, org.knowm.xchart.BitmapEncoder.getBufferedImage(chart));
    }
}
