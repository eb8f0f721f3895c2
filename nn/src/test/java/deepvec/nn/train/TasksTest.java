package deepvec.nn.train;

import deepvec.nn.layer.LayerRegistry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.GradCheck;
import deepvec.nn.autograd.Variable;
import deepvec.nn.data.Dataset;
import deepvec.nn.layer.Activation;
import deepvec.nn.layer.Autoencoder;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Sequential;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.nn.optim.Adam;
import deepvec.simd.Reduce;
import deepvec.simd.Tensor;
import deepvec.simd.linalg.Matrix;
import deepvec.simd.linalg.SymmetricEigen;
import deepvec.simd.random.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tasks other than classification, trained end to end through the same {@link Trainer}:
 * regression by squared error and by the Gaussian likelihood, reconstruction by an
 * autoencoder, and a two-model, two-optimizer GAN, each against an independent answer.
 */
class TasksTest {

    @Test
    void leastSquaresRegressionFindsTheNormalEquationsSolution() throws IOException {
        Rng rng = Rng.seeded(1);
        int n = 512;
        Tensor x = rng.normal(0f, 1f, n, 3);
        Tensor y = Tensor.zeros(n, 1);
        float[] noise = rng.normal(0f, 0.1f, n).data();
        for (int i = 0; i < n; i++) {
            y.set(1.5f * x.get(i, 0) - 2f * x.get(i, 1) + 0.5f * x.get(i, 2) + 0.3f + noise[i], i, 0);
        }
        Linear model = new Linear(3, 1, Rng.seeded(2));
        List<EpochMetrics> history = Trainer.builder(SupervisedTask.of(model, new Adam(model.namedParameters(), 0.05f),
                Objective.meanSquaredError())).epochs(60).batchSize(64).seed(3).build().fit(Dataset.of(x, y), null);
        double[] exact = leastSquares(x, y);         // (X'X)^-1 X'y with a column of ones, in double
        Tensor w = model.namedParameters().get("weight").value();
        for (int j = 0; j < 3; j++) {
            assertEquals(exact[j], w.get(j, 0), 0.02, "weight " + j);
        }
        assertEquals(exact[3], model.namedParameters().get("bias").value().get(0), 0.02);
        assertEquals(0.01, history.getLast().get("train.loss"), 0.004, "the noise variance is what is left");
    }

    private static double[] leastSquares(Tensor x, Tensor y) {
        int n = x.dim(0);
        double[][] ata = new double[4][4];
        double[] aty = new double[4];
        for (int i = 0; i < n; i++) {
            double[] row = {x.get(i, 0), x.get(i, 1), x.get(i, 2), 1};
            for (int a = 0; a < 4; a++) {
                aty[a] += row[a] * y.get(i, 0);
                for (int b = 0; b < 4; b++) {
                    ata[a][b] += row[a] * row[b];
                }
            }
        }
        Matrix solution = deepvec.simd.linalg.LinearAlgebra.solve(Matrix.ofRows(ata), Matrix.of(4, 1, aty));
        return solution.toArray();
    }

    @Test
    void gaussianRegressionLearnsTheMeanAndTheLogVariance() throws IOException {
        // y ~ N(2x - 1, exp(x)): a linear model can output the mean and the log-variance exactly
        Rng rng = Rng.seeded(4);
        int n = 4000;
        Tensor x = rng.uniform(-1f, 1f, n, 1);
        Tensor y = Tensor.zeros(n, 1);
        float[] noise = rng.normal(0f, 1f, n).data();
        for (int i = 0; i < n; i++) {
            float xi = x.get(i, 0);
            y.set((float) (2 * xi - 1 + Math.exp(0.5 * xi) * noise[i]), i, 0);
        }
        Linear model = new Linear(1, 2, Rng.seeded(5));
        List<EpochMetrics> history = Trainer.builder(SupervisedTask.of(model, new Adam(model.namedParameters(), 0.02f),
                Objective.gaussianNegativeLogLikelihood())).epochs(40).batchSize(100).seed(6).build().fit(Dataset.of(x, y), null);
        Tensor w = model.namedParameters().get("weight").value();
        Tensor b = model.namedParameters().get("bias").value();
        assertEquals(2.0, w.get(0, 0), 0.1, "mean slope");
        assertEquals(-1.0, b.get(0), 0.1, "mean intercept");
        assertEquals(1.0, w.get(0, 1), 0.15, "log-variance slope");
        assertEquals(0.0, b.get(1), 0.1, "log-variance intercept");
        // the expected NLL of the true model: E[(log 2 pi + x + 1) / 2] = (log 2 pi + 1) / 2 for x ~ U(-1, 1)
        assertEquals((Math.log(2 * Math.PI) + 1) / 2, history.getLast().get("train.loss"), 0.05);
    }

    @Test
    void theGaussianLikelihoodMatchesItsFormulaAndItsGradientChecks() {
        Tensor out = Tensor.of(new float[] {0.5f, -1f, 0.2f, 0.7f}, 2, 2);      // per row: mean, log-variance
        Tensor target = Tensor.of(new float[] {1f, 0f}, 2, 1);
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            double mean = out.get(i, 0);
            double logVariance = out.get(i, 1);
            double error = target.get(i, 0) - mean;
            expected += 0.5 * (Math.log(2 * Math.PI) + logVariance + error * error / Math.exp(logVariance));
        }
        assertEquals(expected / 2, Losses.gaussianNegativeLogLikelihood(Variable.constant(out), target, Reduction.MEAN).value()
                .get(0), 1e-6);
        GradCheck.Result r = GradCheck.check(v -> Losses.gaussianNegativeLogLikelihood(v[0], target, Reduction.SUM), 1e-2, out);
        assertTrue(r.maxError() < 2e-3, "max error " + r.maxError());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder(SupervisedTask.of(new Linear(1, 1, Rng.seeded(1)),
                new Adam(new Linear(1, 1, Rng.seeded(1)).namedParameters(), 1e-3f), Objective.gaussianNegativeLogLikelihood()))
                .build().fit(Dataset.of(target, target), null));
    }

    @Test
    void aTiedLinearAutoencoderFindsThePrincipalSubspace() throws IOException {
        // points near a 2-D plane in R^6: a linear autoencoder with a 2-unit code does as well as PCA (section 14.1)
        Rng rng = Rng.seeded(7);
        int n = 1000;
        int d = 6;
        Tensor basis = rng.normal(0f, 1f, 2, d);
        Tensor x = Tensor.zeros(n, d);
        Tensor codes = rng.normal(0f, 1f, n, 2);
        Tensor noise = rng.normal(0f, 0.05f, n, d);
        for (int i = 0; i < n; i++) {
            float a = 2f * codes.get(i, 0);
            float b = codes.get(i, 1);
            for (int j = 0; j < d; j++) {
                x.set(a * basis.get(0, j) + b * basis.get(1, j) + noise.get(i, j), i, j);
            }
        }
        Autoencoder model = new Autoencoder(d, 2, Activation.identity(), true, Rng.seeded(8));
        List<EpochMetrics> history = Trainer.builder(SupervisedTask.of(model, new Adam(model.namedParameters(), 0.01f),
                Objective.reconstruction())).epochs(60).batchSize(50).seed(9).build().fit(Dataset.of(x), null);
        double pca = pcaReconstructionError(x, 2);
        double autoencoder = Reduce.mean(squaredError(model.predict(x), x));
        assertTrue(autoencoder < 1.1 * pca, "autoencoder error " + autoencoder + " vs PCA's " + pca);
        assertTrue(history.getFirst().get("train.loss") > 5 * autoencoder);
        assertEquals(List.of("decoder_bias", "encoder.weight", "encoder.bias"), List.copyOf(model.namedParameters().keySet()),
                "the tied weight is one parameter");
    }

    private static Tensor squaredError(Tensor a, Tensor b) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            float e = a.data()[i] - b.data()[i];
            out[i] = e * e;
        }
        return Tensor.of(out, a.shape());
    }

    /** The mean squared error per element of the best rank-k reconstruction: the discarded eigenvalues of the covariance. */
    private static double pcaReconstructionError(Tensor x, int k) {
        int n = x.dim(0);
        int d = x.dim(1);
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x.get(i, j) / (double) n;
            }
        }
        double[] cov = new double[d * d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a * d + b] += (x.get(i, a) - mean[a]) * (x.get(i, b) - mean[b]) / n;
                }
            }
        }
        double[] eigen = SymmetricEigen.of(Matrix.of(d, d, cov)).values().clone();
        Arrays.sort(eigen);
        double discarded = 0;
        for (int i = 0; i < d - k; i++) {
            discarded += eigen[i];
        }
        return discarded / d;
    }

    @Test
    void aResumedGanEqualsAnUninterruptedOne(@TempDir Path dir) throws IOException {
        Dataset real = Dataset.of(Rng.seeded(20).normal(1f, 0.5f, 512, 1));
        Sequential[] straight = gan(4, null, null, real);
        EpochCheckpoints checkpoints = new EpochCheckpoints(dir, LayerRegistry.standard());
        gan(2, checkpoints, null, real);
        Sequential[] resumed = gan(4, null, checkpoints.fileFor(2), real);
        for (int m = 0; m < 2; m++) {
            for (int i = 0; i < straight[m].parameters().size(); i++) {
                assertArrayEquals(straight[m].parameters().get(i).value().toArray(), resumed[m].parameters().get(i).value().toArray(),
                        0f, "model " + m + " parameter " + i);
            }
        }
    }

    /** A small GAN trained for {@code epochs}: its generator and discriminator, both optimizers and the noise in checkpoints. */
    private static Sequential[] gan(int epochs, EpochCheckpoints checkpoints, Path resume, Dataset real) throws IOException {
        Rng init = Rng.seeded(21);
        Sequential generator = new Sequential(new Linear(2, 8, init), Activation.tanh(), new Linear(8, 1, init));
        Sequential discriminator = new Sequential(new Linear(1, 8, init), Activation.tanh(), new Linear(8, 1, init));
        GanTask task = new GanTask(generator, new Adam(generator.namedParameters(), 1e-3f), discriminator,
                new Adam(discriminator.namedParameters(), 1e-3f), 2, Rng.seeded(22));
        Trainer.Builder builder = Trainer.builder(task).epochs(epochs).batchSize(64).seed(23);
        if (checkpoints != null) {
            builder.checkpoints(checkpoints);
        }
        if (resume != null) {
            builder.resumeFrom(resume, LayerRegistry.standard());
        }
        builder.build().fit(real, null);
        return new Sequential[] {generator, discriminator};
    }

    @Test
    void aGanLearnsTheMeanAndVarianceOfAOneDimensionalMixture() throws IOException {
        // data: 0.5 N(-1.5, 0.5^2) + 0.5 N(1.5, 0.5^2), mean 0, variance 2.5
        Rng rng = Rng.seeded(10);
        int n = 4096;
        Tensor real = rng.normal(0f, 0.5f, n, 1);
        for (int i = 0; i < n; i++) {
            real.set(real.get(i, 0) + (i % 2 == 0 ? -1.5f : 1.5f), i, 0);
        }
        Rng init = Rng.seeded(11);
        Sequential generator = new Sequential(new Linear(2, 32, init), Activation.leakyRelu(0.2f), new Linear(32, 32, init),
                Activation.leakyRelu(0.2f), new Linear(32, 1, init));
        Sequential discriminator = new Sequential(new Linear(1, 32, init), Activation.leakyRelu(0.2f), new Linear(32, 32, init),
                Activation.leakyRelu(0.2f), new Linear(32, 1, init));
        GanTask gan = new GanTask(generator, new Adam(generator.namedParameters(), 5e-4f, 0.5f, 0.999f, 1e-8f),
                discriminator, new Adam(discriminator.namedParameters(), 5e-4f, 0.5f, 0.999f, 1e-8f), 2, Rng.seeded(12));
        List<EpochMetrics> history = Trainer.builder(gan).epochs(60).batchSize(128).seed(13).build().fit(Dataset.of(real),
                Dataset.of(real.slice(0, 0, 512).contiguous()));
        Tensor samples = gan.sample(4000, Rng.seeded(14));
        double mean = Reduce.mean(samples);
        double variance = Reduce.variance(samples, 0);
        assertEquals(0.0, mean, 0.3, "generated mean");
        assertEquals(2.5, variance, 0.5, "generated variance");
        assertTrue(history.getLast().has("validation.discriminator_loss"));
        assertTrue(history.getLast().has("learning_rate.generator_optimizer"), "each optimizer's rate is reported");
    }
}
