package deepvec.nn.layer;

import deepvec.nn.layer.LayerRegistry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import deepvec.nn.autograd.Variable;
import deepvec.nn.checkpoint.Checkpoint;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch-norm modes and running statistics, pooling summaries, reshaping and checkpointed buffers. */
class ImageLayersTest {

    @Test
    void batchNormKeepsRunningAveragesAndUsesThemInEvaluation() {
        BatchNorm bn = new BatchNorm(2, 0.1f, 1e-5f);
        Tensor x = Rng.seeded(1).normal(3f, 2f, 8, 2, 3, 3);
        ForwardContext.probe().call(() -> bn.forward(Variable.constant(x)));
        assertEquals(0f, bn.namedBuffers().get("running_mean").get(0), "a probing pass leaves the statistics alone");
        ForwardContext.training().call(() -> bn.forward(Variable.constant(x)));
        for (int c = 0; c < 2; c++) {
            double sum = 0;
            double squares = 0;
            int m = 8 * 9;
            for (int n = 0; n < 8; n++) {
                for (int p = 0; p < 9; p++) {
                    sum += x.get(n, c, p / 3, p % 3);
                }
            }
            double mean = sum / m;
            for (int n = 0; n < 8; n++) {
                for (int p = 0; p < 9; p++) {
                    squares += Math.pow(x.get(n, c, p / 3, p % 3) - mean, 2);
                }
            }
            assertEquals(0.1 * mean, bn.namedBuffers().get("running_mean").get(c), 1e-5);
            assertEquals(0.9 + 0.1 * squares / (m - 1), bn.namedBuffers().get("running_var").get(c), 1e-4);
        }
        Tensor y = bn.predict(x);
        float rm = bn.namedBuffers().get("running_mean").get(1);
        float rv = bn.namedBuffers().get("running_var").get(1);
        assertEquals((x.get(5, 1, 2, 0) - rm) / Math.sqrt(rv + 1e-5), y.get(5, 1, 2, 0), 1e-5);
    }

    @Test
    void checkpointsCarryTheRunningStatistics(@TempDir Path dir) throws Exception {
        Rng rng = Rng.seeded(2);
        Sequential model = new Sequential(Reshape.toImages(1, 4, 4), new Conv2d(1, 3, Conv2d.Shape.square(3, 1, 1), false, rng),
                new BatchNorm(3), Activation.relu(), Pool2d.globalAverage(), Reshape.flatten(), new Linear(3, 2, rng));
        for (int i = 0; i < 5; i++) {
            Tensor x = rng.uniform(0f, 4f, 6, 16);
            ForwardContext.training().call(() -> model.forward(Variable.constant(x)));
        }
        Path file = dir.resolve("bn.safetensors");
        Checkpoint.save(file, model, LayerRegistry.standard());
        Layer loaded = Checkpoint.loadModel(file, LayerRegistry.standard());
        assertArrayEquals(model.namedBuffers().get("2.running_var").toArray(), loaded.namedBuffers().get("2.running_var").toArray());
        Tensor x = rng.uniform(0f, 4f, 3, 16);
        assertArrayEquals(model.predict(x).toArray(), loaded.predict(x).toArray(), 0f);
        assertEquals(Files.list(dir).count(), 1);
    }

    @Test
    void poolingAndReshapingShapes() {
        Tensor x = Rng.seeded(3).uniform(-1f, 1f, 2, 3, 4, 5);
        Tensor avg = Pool2d.globalAverage().forward(Variable.constant(x)).value();
        assertArrayEquals(new int[] {2, 3, 1, 1}, avg.shape());
        double sum = 0;
        for (int h = 0; h < 4; h++) {
            for (int w = 0; w < 5; w++) {
                sum += x.get(1, 2, h, w);
            }
        }
        assertEquals(sum / 20, avg.get(1, 2, 0, 0), 1e-6);
        assertArrayEquals(new int[] {2, 3, 2, 2}, Pool2d.max(2, 2).forward(Variable.constant(x)).value().shape());
        assertArrayEquals(new int[] {2, 60}, Reshape.flatten().forward(Variable.constant(x)).value().shape());
        assertThrows(ShapeException.class, () -> Reshape.toImages(1, 28, 28).forward(Variable.constant(Tensor.zeros(2, 700))));
        assertThrows(IllegalArgumentException.class, () -> new Pool2d(Pool2d.Kind.MAX, 2, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, new Conv2d.Shape(new int[] {3, 3}, new int[] {1, 1},
                new int[] {0, 0}, new int[] {1, 1}, 2), true, Rng.seeded(1)));
    }
}
