package deepvec.nn.train;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.data.Batch;
import deepvec.nn.data.DataLoader;
import deepvec.nn.data.Dataset;
import deepvec.nn.layer.ForwardContext;
import deepvec.nn.layer.Layer;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.nn.optim.Optimizer;
import deepvec.simd.Tensor;
import deepvec.simd.Workspace;
import deepvec.simd.random.Rng;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Generative adversarial training (Deep Learning section 20.10.4; Goodfellow et al. 2014): a
 * generator G maps noise z ~ N(0, I) to samples, a discriminator D maps a sample to the logit of
 * its being real. Each step first lowers D's cross-entropy on a batch of real examples and as many
 * generated ones, {@code -log D(x) - log(1 - D(G(z)))} (eq. 20.80's game seen from D), then takes a
 * step of G on the non-saturating loss {@code -log D(G(z))} of the same noise, each with its own
 * optimizer. Two models, two optimizers, one {@link Trainer} loop.
 *
 * <p>Reports {@code discriminator_loss} and {@code generator_loss} (nats per example) and, on
 * held-out data, the same two with noise from a fixed seed, so epochs compare.
 */
public final class GanTask implements TrainingTask {

    private static final long EVALUATION_NOISE_SEED = 0x6A_4E;
    private static final int EVALUATION_BATCH = 1000;

    private final Layer generator;
    private final Layer discriminator;
    private final Optimizer generatorOptimizer;
    private final Optimizer discriminatorOptimizer;
    private final int noiseSize;
    private final Rng noise;
    private final Workspace workspace = new Workspace();

    /**
     * @param noiseSize the width of z, [b, noiseSize]
     * @param noise the generator of the training noise (saved in checkpoints)
     */
    public GanTask(Layer generator, Optimizer generatorOptimizer, Layer discriminator, Optimizer discriminatorOptimizer,
            int noiseSize, Rng noise) {
        if (noiseSize < 1) {
            throw new IllegalArgumentException("the noise needs at least one dimension, got " + noiseSize);
        }
        this.generator = generator;
        this.discriminator = discriminator;
        this.generatorOptimizer = generatorOptimizer;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.noiseSize = noiseSize;
        this.noise = noise;
    }

    @Override
    public Map<String, Layer> models() {
        return Map.of("generator", generator, "discriminator", discriminator);
    }

    @Override
    public Map<String, Optimizer> optimizers() {
        return Map.of("generator_optimizer", generatorOptimizer, "discriminator_optimizer", discriminatorOptimizer);
    }

    @Override
    public Map<String, Rng> generators() {
        return Map.of("noise", noise);
    }

    @Override
    public void prepare(Batch sample) {
        Tensor fake = generator.predict(noise(2, Rng.seeded(EVALUATION_NOISE_SEED)));
        int[] expected = sample.features().shape();
        expected[0] = 2;
        if (!Arrays.equals(fake.shape(), expected)) {
            throw new IllegalArgumentException("GAN: the generator makes samples of shape " + Arrays.toString(fake.shape())
                    + "; the data's are " + Arrays.toString(expected));
        }
        Tensor score = discriminator.predict(fake);
        if (score.rank() != 2 || score.dim(1) != 1) {
            throw new IllegalArgumentException("GAN: the discriminator's output has shape " + Arrays.toString(score.shape())
                    + "; expected one logit per sample, [n, 1]");
        }
    }

    /** {@inheritDoc} Runs in this task's {@link Workspace}, reusing the previous step's storage. */
    @Override
    public Map<String, Double> step(Batch batch) {
        return workspace.call(() -> stepInWorkspace(batch));
    }

    private Map<String, Double> stepInWorkspace(Batch batch) {
        Tensor real = batch.features();
        int n = batch.size();
        ForwardContext pass = ForwardContext.training();
        Variable fake = pass.call(() -> generator.forward(Variable.constant(noise(n, noise))));
        Variable discriminatorLoss = discriminatorLoss(pass, real, fake.detach());
        discriminatorOptimizer.zeroGrad();
        discriminatorLoss.backward();
        discriminatorOptimizer.step();

        Variable generatorLoss = Losses.binaryCrossEntropyWithLogits(pass.call(() -> discriminator.forward(fake)),
                Tensor.full(1f, n, 1), Reduction.MEAN);
        generatorOptimizer.zeroGrad();
        generatorLoss.backward();
        generatorOptimizer.step();
        discriminatorOptimizer.zeroGrad();        // the generator's backward pass reached D's parameters too

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("discriminator_loss", (double) discriminatorLoss.value().get(0));
        metrics.put("generator_loss", (double) generatorLoss.value().get(0));
        return metrics;
    }

    /** Mean cross-entropy of D on real (label 1) and generated (label 0) samples, summed over both halves. */
    private Variable discriminatorLoss(ForwardContext pass, Tensor real, Variable fake) {
        int n = real.dim(0);
        Variable onReal = Losses.binaryCrossEntropyWithLogits(pass.call(() -> discriminator.forward(Variable.constant(real))),
                Tensor.full(1f, n, 1), Reduction.MEAN);
        Variable onFake = Losses.binaryCrossEntropyWithLogits(pass.call(() -> discriminator.forward(fake)),
                Tensor.zeros(fake.value().dim(0), 1), Reduction.MEAN);
        return Ops.add(onReal, onFake);
    }

    @Override
    public Map<String, Double> evaluate(Dataset data) {
        Rng fixed = Rng.seeded(EVALUATION_NOISE_SEED);
        MetricMeans means = new MetricMeans();
        for (Batch batch : DataLoader.sequential(data, EVALUATION_BATCH).epoch(0)) {
            int n = batch.size();
            Tensor fake = generator.predict(noise(n, fixed));
            Map<String, Double> metrics = new LinkedHashMap<>();
            Autograd.noGrad(() -> {
                metrics.put("discriminator_loss", (double) discriminatorLoss(ForwardContext.evaluation(), batch.features(),
                        Variable.constant(fake)).value().get(0));
                metrics.put("generator_loss", (double) Losses.binaryCrossEntropyWithLogits(Variable.constant(discriminator
                        .predict(fake)), Tensor.full(1f, n, 1), Reduction.MEAN).value().get(0));
            });
            means.add(metrics, n);
        }
        return means.means();
    }

    /** Samples from the generator: G(z) for n fresh noise vectors drawn from {@code rng}. */
    public Tensor sample(int n, Rng rng) {
        return generator.predict(noise(n, rng));
    }

    private Tensor noise(int n, Rng rng) {
        return rng.normal(0f, 1f, n, noiseSize);
    }
}
