package deepvec.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.train.MetricsCsv;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNGs decode, have the promised size and content, and bad input is refused. */
class VizTest {

    /** The columns a classification run writes. */
    private static final String HEADER = MetricsCsv.EPOCH_COLUMN + ",train.loss,train.accuracy,train.gradient_norm,gTg,gTHg,"
            + "validation.loss,validation.accuracy,learning_rate,seconds,examples_per_second";

    @TempDir
    Path dir;

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    @Test
    void trainingCurvesAreDrawnFromTheMetricsFile() throws IOException {
        Path csv = dir.resolve("metrics.csv");
        Files.writeString(csv, HEADER + "\n"
                + "1,0.5,0.8,1.6,1.4,26,0.45,0.83,0.001,3.1,19000\n"
                + "2,0.4,0.85,1.2,0.5,6,0.41,0.85,0.001,2.0,30000\n"
                + "3,0.35,0.87,1.1,0.4,4,0.40,0.86,0.001,2.0,30000\n");
        List<Path> charts = TrainingPlots.plot(csv, dir);
        assertEquals(List.of("loss.png", "accuracy.png", "gradient_norm.png", "curvature.png"),
                charts.stream().map(p -> p.getFileName().toString()).toList(), "one chart per metric, whatever the task reports");
        for (String name : List.of("loss.png", "accuracy.png", "curvature.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(name).toFile());
            assertEquals(800, image.getWidth(), name);
            assertEquals(500, image.getHeight(), name);
            assertTrue(colours(image) > 5, name + " has lines and text, not a blank canvas");
        }
        Files.writeString(csv, "something,else\n1,2\n");
        assertThrows(IOException.class, () -> TrainingPlots.plot(csv, dir));
    }

    @Test
    void curvatureIsSkippedWhenItWasNotMonitored() throws IOException {
        Path csv = dir.resolve("metrics.csv");
        Files.writeString(csv, HEADER + "\n1,0.5,0.8,1.6,NaN,NaN,NaN,NaN,0.001,3.1,19000\n");
        TrainingPlots.plot(csv, dir);
        assertTrue(Files.isRegularFile(dir.resolve("loss.png")));
        assertFalse(Files.exists(dir.resolve("curvature.png")));
    }

    @Test
    void imageGridScalesEachImageFromItsMinimumToItsMaximum() throws IOException {
        // two 2x3 images; the first ramps 0..5, the second is -1 everywhere but one 3
        Tensor images = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, -1, -1, 3, -1, -1, -1}, 2, 6);
        Path file = dir.resolve("grid.png");
        ImageGrid.writePng(file, images, 2, 3, 2, 2);
        BufferedImage grid = ImageIO.read(file.toFile());
        assertEquals(1 + 2 * (1 + 3 * 2), grid.getWidth());
        assertEquals(1 + 1 * (1 + 2 * 2), grid.getHeight());
        assertEquals(0, grid.getRaster().getSample(1, 1, 0), "first image's minimum is black");
        assertEquals(255, grid.getRaster().getSample(1 + 2 * 2 + 1, 1 + 2 + 1, 0), "its maximum white (scaled 2x)");
        assertEquals(153, grid.getRaster().getSample(1, 1 + 2, 0), "value 3 (row 1, column 0) of 0..5 is 153");
        assertEquals(255, grid.getRaster().getSample(8 + 2 * 2, 1, 0), "second image's maximum");
        assertEquals(0, grid.getRaster().getSample(8, 1, 0), "second image's minimum");
        assertThrows(ShapeException.class, () -> ImageGrid.writePng(file, images, 3, 3, 2, 1));
    }

    @Test
    void confusionMatrixHeatMap() throws IOException {
        Path file = dir.resolve("confusion.png");
        ConfusionMatrixChart.writePng(file, new long[][] {{50, 2, 1}, {3, 40, 7}, {0, 5, 45}}, List.of("a", "b", "c"));
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(900, image.getWidth());
        assertTrue(colours(image) > 5);
        assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrixChart.writePng(file, new long[][] {{1, 2}, {3, 4}}, List.of("a", "b", "c")));
    }
}
