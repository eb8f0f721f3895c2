package deepvec.nn.train;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.data.Batch;
import deepvec.nn.data.DataLoader;
import deepvec.nn.data.Dataset;
import deepvec.nn.data.ImageAugmentation;
import deepvec.nn.layer.Layer;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.nn.optim.GradientClipping;
import deepvec.nn.optim.LearningRateSchedule;
import deepvec.nn.optim.Optimizer;
import deepvec.nn.regularize.FastGradientSign;
import deepvec.nn.regularize.ParameterConstraint;
import deepvec.nn.regularize.Penalties;
import deepvec.simd.Reduce;
import deepvec.simd.random.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Minibatch training of a classifier by a gradient method (Deep Learning algorithm 8.1 and its
 * variants): for each epoch, each batch of a seeded shuffle: set the scheduled learning rate,
 * back-propagate the mean cross-entropy plus the penalties (L2 weight decay eq. 7.1, activity
 * penalties such as Omega(h), optionally the adversarial term of section 7.13), clip the gradient,
 * step, and project onto the parameter constraints. After each epoch it evaluates the validation
 * set, optionally measures g^T g and g^T H g on a fixed monitoring batch, and tells the listeners.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-3f))
 *         .epochs(20).batchSize(128).seed(1)
 *         .listener(new LoggingListener())
 *         .build();
 * List<EpochMetrics> history = trainer.fit(training, validation);
 * }</pre>
 *
 * The same seed, data and settings give bit-identical parameters, whatever the thread count,
 * and a run resumed from an epoch checkpoint ends with the same parameters as an uninterrupted one.
 */
public final class Trainer {

    private static final int MONITOR_EXAMPLES = 512;
    private static final int EVALUATION_BATCH = 1000;
    /** The generator stream of the augmentation draws, apart from the shuffling's. */
    private static final long AUGMENTATION_STREAM = 0xA0_67L;

    private final Layer model;
    private final Optimizer optimizer;
    private final Builder settings;
    private final List<TrainingListener> listeners;

    private Trainer(Builder settings) {
        this.model = settings.model;
        this.optimizer = settings.optimizer;
        this.settings = settings;
        this.listeners = List.copyOf(settings.listeners);
    }

    /** Starts configuring training of {@code model} with {@code optimizer} over its parameters. */
    public static Builder builder(Layer model, Optimizer optimizer) {
        return new Builder(model, optimizer);
    }

    /**
     * Trains for the configured number of epochs (minus those a resumed checkpoint has done),
     * or until a listener asks to stop.
     *
     * @param validation null to train without a validation set
     * @return the metrics of the epochs trained in this call
     * @throws IOException if resuming from a checkpoint fails
     */
    public List<EpochMetrics> fit(Dataset training, Dataset validation) throws IOException {
        int startEpoch = settings.resumeFrom == null ? 0 : Checkpoint.resume(settings.resumeFrom, model, optimizer);
        DataLoader loader = new DataLoader(training, settings.batchSize, true, Rng.seeded(settings.seed));
        Batch monitorBatch = settings.monitorCurvature
                ? DataLoader.sequential(training, Math.min(MONITOR_EXAMPLES, training.size())).epoch(0).get(0) : null;
        Run run = new Run();
        listeners.forEach(l -> l.onTrainingStart(run));
        if (settings.curriculum != null && settings.curriculum.size() != training.size()) {
            throw new IllegalArgumentException("the curriculum scores " + settings.curriculum.size() + " examples; the training set has "
                    + training.size());
        }
        for (int epoch = startEpoch + 1; epoch <= settings.epochs && run.stopReason == null; epoch++) {
            List<Batch> batches = settings.curriculum == null ? loader.epoch(epoch - 1)
                    : loader.epoch(epoch - 1, settings.curriculum.examples(epoch));
            int e = epoch;
            listeners.forEach(l -> l.onEpochStart(run, e, batches.size()));
            EpochMetrics metrics = trainEpoch(run, epoch, batches, validation, monitorBatch);
            run.history.add(metrics);
            listeners.forEach(l -> l.onEpochEnd(run, metrics));
        }
        listeners.forEach(l -> l.onTrainingEnd(run));
        return Collections.unmodifiableList(run.history);
    }

    private EpochMetrics trainEpoch(Run run, int epoch, List<Batch> batches, Dataset validation, Batch monitorBatch) {
        model.setTraining(true);
        long start = System.nanoTime();
        double lossSum = 0;
        double normSum = 0;
        long correct = 0;
        long examples = 0;
        List<Variable> parameters = model.parameters();
        Rng augmentationDraws = Rng.seeded(settings.seed).fork(AUGMENTATION_STREAM).fork(epoch);
        for (int b = 0; b < batches.size(); b++) {
            Batch batch = settings.augmentation == null ? batches.get(b)
                    : settings.augmentation.apply(batches.get(b), augmentationDraws.fork(b));
            if (settings.schedule != null) {
                settings.schedule.applyTo(optimizer, optimizer.steps());
            }
            Variable logits = model.forward(Variable.constant(batch.features()));
            Variable dataLoss = Losses.crossEntropy(logits, batch.labels(), Reduction.MEAN);
            Variable objective = regularized(dataLoss, batch);
            optimizer.zeroGrad();
            objective.backward();
            normSum += settings.clipNorm > 0f ? GradientClipping.clipByNorm(parameters, settings.clipNorm)
                    : GradientClipping.globalNorm(parameters);
            optimizer.step();
            for (ParameterConstraint constraint : settings.constraints) {
                parameters.forEach(constraint::project);
            }
            double loss = dataLoss.value().get(0);
            lossSum += loss * batch.size();
            examples += batch.size();
            int[] predicted = Reduce.argmax(logits.value(), 1);
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == batch.labels()[i] ? 1 : 0;
            }
            int index = b;
            listeners.forEach(l -> l.onBatchEnd(run, epoch, index, loss));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Curvature.Estimate curvature = monitorBatch == null ? new Curvature.Estimate(Double.NaN, Double.NaN) : curvatureOn(monitorBatch);
        Evaluation held = validation == null ? null : Evaluation.of(model, validation, EVALUATION_BATCH);
        return new EpochMetrics(epoch, lossSum / examples, (double) correct / examples,
                held == null ? Double.NaN : held.loss(), held == null ? Double.NaN : held.accuracy(),
                normSum / batches.size(), curvature.gradientSquared(), curvature.curvature(), optimizer.learningRate(),
                seconds, examples);
    }

    /** The data loss plus weight decay, activity penalties and the adversarial term. */
    private Variable regularized(Variable dataLoss, Batch batch) {
        Variable objective = dataLoss;
        if (settings.adversarialEpsilon > 0f) {
            Variable adversarial = Losses.crossEntropy(model.forward(Variable.constant(
                    FastGradientSign.perturb(model, batch.features(), batch.labels(), settings.adversarialEpsilon))),
                    batch.labels(), Reduction.MEAN);
            objective = Ops.add(Ops.scale(objective, settings.adversarialAlpha), Ops.scale(adversarial, 1f - settings.adversarialAlpha));
        }
        for (Variable penalty : model.activityPenalties()) {
            objective = Ops.add(objective, penalty);
        }
        if (settings.weightDecay > 0f) {
            List<Variable> weights = model.parameters().stream().filter(p -> p.value().rank() >= 2).toList();
            objective = Ops.add(objective, Penalties.l2(weights, settings.weightDecay));
        }
        return objective;
    }

    private Curvature.Estimate curvatureOn(Batch batch) {
        model.setTraining(false);           // the same function at every evaluation: no dropout
        Curvature.Estimate estimate = Curvature.alongGradient(
                () -> Losses.crossEntropy(model.forward(Variable.constant(batch.features())), batch.labels(), Reduction.MEAN),
                model.parameters());
        optimizer.zeroGrad();
        return estimate;
    }

    private final class Run implements TrainingRun {
        private final List<EpochMetrics> history = new ArrayList<>();
        private String stopReason;

        @Override
        public Layer model() {
            return model;
        }

        @Override
        public Optimizer optimizer() {
            return optimizer;
        }

        @Override
        public List<EpochMetrics> history() {
            return Collections.unmodifiableList(history);
        }

        @Override
        public int totalEpochs() {
            return settings.epochs;
        }

        @Override
        public void requestStop(String reason) {
            stopReason = reason;
        }
    }

    /** Training settings; every one has a default but the model and optimizer. */
    public static final class Builder {
        private final Layer model;
        private final Optimizer optimizer;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private final List<ParameterConstraint> constraints = new ArrayList<>();
        private int epochs = 10;
        private int batchSize = 128;
        private long seed;
        private LearningRateSchedule schedule;
        private float clipNorm;
        private float weightDecay;
        private float adversarialEpsilon;
        private float adversarialAlpha = 0.5f;
        private boolean monitorCurvature;
        private Path resumeFrom;
        private ImageAugmentation augmentation;
        private Curriculum curriculum;

        private Builder(Layer model, Optimizer optimizer) {
            this.model = model;
            this.optimizer = optimizer;
        }

        /** Epochs in all, counting those a resumed checkpoint completed (default 10). */
        public Builder epochs(int epochs) {
            this.epochs = atLeastOne("epochs", epochs);
            return this;
        }

        /** Examples per minibatch (default 128). */
        public Builder batchSize(int batchSize) {
            this.batchSize = atLeastOne("batch size", batchSize);
            return this;
        }

        /** The seed of the shuffling (default 0); the model's own seeds are set where it is built. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A learning-rate schedule over optimizer steps (default: the optimizer's fixed rate). */
        public Builder schedule(LearningRateSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Clips the global gradient norm to {@code maxNorm} (eq. 10.48); 0 turns clipping off. */
        public Builder clipGradientNorm(float maxNorm) {
            this.clipNorm = nonNegative("gradient clipping norm", maxNorm);
            return this;
        }

        /** Adds (lambda/2) ||W||^2 over the weight matrices (eq. 7.1); biases are not decayed. */
        public Builder weightDecay(float lambda) {
            this.weightDecay = nonNegative("weight decay", lambda);
            return this;
        }

        /** Projects every parameter onto {@code constraint} after each step (e.g. {@link deepvec.nn.regularize.MaxNorm}). */
        public Builder constraint(ParameterConstraint constraint) {
            constraints.add(constraint);
            return this;
        }

        /**
         * Adversarial training with the fast gradient sign method: the objective becomes
         * {@code alpha J(x) + (1 - alpha) J(x + epsilon sign(grad_x J))}.
         */
        public Builder adversarial(float epsilon, float alpha) {
            this.adversarialEpsilon = nonNegative("adversarial epsilon", epsilon);
            if (!(alpha >= 0f && alpha <= 1f)) {
                throw new IllegalArgumentException("adversarial alpha must be in [0, 1], got " + alpha);
            }
            this.adversarialAlpha = alpha;
            return this;
        }

        /** Measures g^T g and g^T H g after each epoch on the first 512 training examples. */
        public Builder monitorCurvature(boolean monitor) {
            this.monitorCurvature = monitor;
            return this;
        }

        /**
         * Transforms every training batch by random shifts and flips (section 7.4), drawn from the
         * seed, the epoch and the batch index, so a resumed run draws the same ones.
         */
        public Builder augmentation(ImageAugmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** Presents the training examples from easy to hard (section 8.7.6). */
        public Builder curriculum(Curriculum curriculum) {
            this.curriculum = curriculum;
            return this;
        }

        /** Restores model, optimizer and epoch count from a checkpoint before training. */
        public Builder resumeFrom(Path checkpoint) {
            this.resumeFrom = checkpoint;
            return this;
        }

        /** Adds a listener; listeners are called in the order added. */
        public Builder listener(TrainingListener listener) {
            listeners.add(listener);
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }

        private static int atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + value);
            }
            return value;
        }

        private static float nonNegative(String name, float value) {
            if (!(value >= 0f) || Float.isInfinite(value)) {
                throw new IllegalArgumentException(name + " must be >= 0 and finite, got " + value);
            }
            return value;
        }
    }
}
