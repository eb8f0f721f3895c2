package deepvec.nn.train;

import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.checkpoint.Stateful;
import deepvec.nn.data.Batch;
import deepvec.nn.data.BatchSource;
import deepvec.nn.data.BatchTransform;
import deepvec.nn.data.Curriculum;
import deepvec.nn.data.DataLoader;
import deepvec.nn.data.Dataset;
import deepvec.nn.layer.LayerRegistry;
import deepvec.nn.optim.LearningRateSchedule;
import deepvec.nn.optim.Optimizer;
import deepvec.simd.random.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The training loop (Deep Learning algorithm 8.1 and its variants) around any
 * {@link TrainingTask}: for each epoch, each batch of a seeded shuffle (optionally restricted by
 * a curriculum and transformed by an augmentation), set the scheduled learning rate on every
 * optimizer and let the task take its step; after the epoch, collect the task's epoch metrics,
 * evaluate the validation set and tell the listeners. The trainer owns epochs, schedules,
 * listeners, checkpoints and resume; the task owns the objective.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(SupervisedTask.of(model, optimizer, Objective.classification(10)))
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

    /** Examples a task sees before training, for its checks and monitoring batch. */
    private static final int SAMPLE_EXAMPLES = 512;
    /** The generator stream of the augmentation draws, apart from the shuffling's. */
    private static final long AUGMENTATION_STREAM = 0xA0_67L;

    private final TrainingTask task;
    private final Builder settings;
    private final List<TrainingListener> listeners;

    private Trainer(Builder settings) {
        this.task = settings.task;
        this.settings = settings;
        this.listeners = List.copyOf(settings.listeners);
    }

    /** Starts configuring training of {@code task}. */
    public static Builder builder(TrainingTask task) {
        return new Builder(task);
    }

    /**
     * Trains on examples held in memory for the configured number of epochs (minus those a
     * resumed checkpoint has done), or until a listener asks to stop: each epoch a seeded
     * shuffle of {@code training} (restricted to the curriculum's pool when there is one), cut
     * into batches of the configured size.
     *
     * @param validation null to train without a validation set
     * @return the metrics of the epochs trained in this call
     * @throws IOException if resuming from a checkpoint fails
     * @throws IllegalArgumentException if the data does not fit the task
     * @throws TrainingDivergedException if a step gives a NaN or infinite loss or gradient norm,
     *     or a loss that has grown past the {@linkplain Builder#divergenceFactor divergence factor}
     */
    public List<EpochMetrics> fit(Dataset training, Dataset validation) throws IOException {
        if (training.size() == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        task.checkData(training);
        if (validation != null) {
            task.checkData(validation);
        }
        DataLoader loader = new DataLoader(training, settings.batchSize, true, Rng.seeded(settings.seed));
        return fit(settings.curriculum == null ? loader : loader.withCurriculum(settings.curriculum), validation);
    }

    /**
     * Trains on the batches {@code training} gives each epoch (a {@link deepvec.nn.data.StreamingDataset}
     * for data that does not fit in memory); the source fixes batch size and order.
     *
     * @param validation null to train without a validation set
     * @return the metrics of the epochs trained in this call
     * @throws IOException if resuming from a checkpoint fails
     * @throws deepvec.nn.checkpoint.ResumeMismatchException if the checkpoint to resume from
     *     was saved by a run of other components or settings
     * @throws IllegalArgumentException if the data does not fit the task, or the checkpoint to
     *     resume from has already completed the configured epochs
     * @throws TrainingDivergedException if a step gives a NaN or infinite loss or gradient norm,
     *     or a loss that has grown past the {@linkplain Builder#divergenceFactor divergence factor}
     */
    public List<EpochMetrics> fit(BatchSource training, Dataset validation) throws IOException {
        task.prepare(training.sample(SAMPLE_EXAMPLES));
        Map<String, Stateful> state = new LinkedHashMap<>(settings.state);
        state.putAll(statefulListeners());
        Checkpoint.Components components = task.components().with(state, runSettings());
        if (settings.resumeFrom != null) {
            int done = Checkpoint.epochsCompleted(settings.resumeFrom);
            if (done >= settings.epochs) {
                throw new IllegalArgumentException(settings.resumeFrom + " has completed " + done + " epochs, and the run is set to "
                        + settings.epochs + "; set more epochs to train on");
            }
        }
        int startEpoch = settings.resumeFrom == null ? 0 : Checkpoint.resume(settings.resumeFrom, components, settings.resumeRegistry);
        Run run = new Run();
        listeners.forEach(l -> l.onTrainingStart(run));
        for (int epoch = startEpoch + 1; epoch <= settings.epochs && run.stopReason == null; epoch++) {
            int e = epoch;
            int batches = training.batchesPerEpoch(epoch - 1);
            listeners.forEach(l -> l.onEpochStart(run, e, batches));
            EpochMetrics metrics = trainEpoch(run, epoch, training.epoch(epoch - 1), validation);
            run.history.add(metrics);
            listeners.forEach(l -> l.onEpochEnd(run, metrics));
            if (settings.checkpoints != null) {
                settings.checkpoints.save(components, epoch);     // after the listeners: their state is this epoch's
            }
        }
        listeners.forEach(l -> l.onTrainingEnd(run));
        return Collections.unmodifiableList(run.history);
    }

    /** What makes this loop's steps what they are, recorded in checkpoints so a resume with others is refused. */
    private Map<String, String> runSettings() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("trainer.seed", Long.toString(settings.seed));
        all.put("trainer.batch_size", Integer.toString(settings.batchSize));
        all.put("trainer.schedule", settings.schedule == null ? "none" : settings.schedule.description());
        all.put("trainer.augmentation", settings.augmentation == null ? "off" : "on");
        all.put("trainer.curriculum", settings.curriculum == null ? "off" : "on");
        all.putAll(settings.settings);
        return all;
    }

    /** The listeners that keep state a resumed run needs (early stopping), named by their place in the list. */
    private Map<String, Stateful> statefulListeners() {
        Map<String, Stateful> state = new LinkedHashMap<>();
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i) instanceof Stateful s) {
                state.put("listener." + i, s);
            }
        }
        return state;
    }

    private EpochMetrics trainEpoch(Run run, int epoch, Iterable<Batch> batches, Dataset validation) {
        long start = System.nanoTime();
        MetricMeans steps = new MetricMeans();
        Rng augmentationDraws = Rng.seeded(settings.seed).fork(AUGMENTATION_STREAM).fork(epoch);
        int b = 0;
        for (Batch next : batches) {
            Batch batch = settings.augmentation == null ? next : settings.augmentation.apply(next, augmentationDraws.fork(b));
            if (settings.schedule != null) {
                task.optimizers().values().forEach(o -> settings.schedule.applyTo(o, o.steps()));
            }
            Map<String, Double> metrics = task.step(batch);
            run.watch(epoch, b, metrics);
            steps.add(metrics, batch.size());
            int index = b++;
            listeners.forEach(l -> l.onBatchEnd(run, epoch, index, metrics));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        SequencedMap<String, Double> values = new LinkedHashMap<>();
        steps.means().forEach((name, value) -> values.put("train." + name, value));
        values.putAll(task.afterEpoch());
        if (validation != null) {
            task.evaluate(validation).forEach((name, value) -> values.put("validation." + name, value));
        }
        Map<String, Optimizer> optimizers = task.optimizers();
        optimizers.forEach((name, o) -> values.put(optimizers.size() == 1 ? "learning_rate" : "learning_rate." + name,
                (double) o.learningRate()));
        values.put("seconds", seconds);
        values.put("examples_per_second", steps.examples() / seconds);
        return new EpochMetrics(epoch, values);
    }

    private final class Run implements TrainingRun {
        private final List<EpochMetrics> history = new ArrayList<>();
        private final Map<String, Double> firstLosses = new LinkedHashMap<>();
        private String stopReason;
        private long steps;

        /**
         * Stops a diverging run: any metric NaN or infinite, or a loss (a metric named
         * {@code loss} or {@code *_loss}) more than the divergence factor times its first value
         * in this fit (at least 1 in magnitude, so a loss near zero may still fluctuate).
         */
        void watch(int epoch, int batch, Map<String, Double> metrics) {
            steps++;
            for (Map.Entry<String, Double> m : metrics.entrySet()) {
                double value = m.getValue();
                if (!Double.isFinite(value)) {
                    throw diverged(epoch, batch, m.getKey() + " is " + value);
                }
                if (m.getKey().equals("loss") || m.getKey().endsWith("_loss")) {
                    double first = firstLosses.computeIfAbsent(m.getKey(), k -> value);
                    double limit = settings.divergenceFactor * Math.max(1, Math.abs(first));
                    if (value > limit) {
                        throw diverged(epoch, batch, m.getKey() + " is " + value + ", more than " + settings.divergenceFactor
                                + " times its first value " + first);
                    }
                }
            }
        }

        private TrainingDivergedException diverged(int epoch, int batch, String what) {
            StringBuilder rates = new StringBuilder();
            task.optimizers().forEach((name, o) -> rates.append(rates.isEmpty() ? "" : ", ").append(name).append(' ')
                    .append(o.learningRate()));
            return new TrainingDivergedException(epoch, batch, "training diverged at epoch " + epoch + ", batch " + batch + " (step "
                    + steps + " of this run): " + what + " (learning rate: " + rates + "); lower the learning rate, clip the "
                    + "gradient norm, or look for extreme values in the data");
        }

        @Override
        public TrainingTask task() {
            return task;
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

    static float nonNegative(String name, float value) {
        if (!(value >= 0f) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite, got " + value);
        }
        return value;
    }

    /** Loop settings; every one has a default but the task. */
    public static final class Builder {
        private final TrainingTask task;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private final Map<String, Stateful> state = new LinkedHashMap<>();
        private int epochs = 10;
        private int batchSize = 128;
        private long seed;
        private LearningRateSchedule schedule;
        private Path resumeFrom;
        private LayerRegistry resumeRegistry;
        private BatchTransform augmentation;
        private Curriculum curriculum;
        private EpochCheckpoints checkpoints;
        private double divergenceFactor = 1e4;
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder(TrainingTask task) {
            this.task = task;
        }

        /** Epochs in all, counting those a resumed checkpoint completed (default 10). */
        public Builder epochs(int epochs) {
            this.epochs = atLeastOne("epochs", epochs);
            return this;
        }

        /** Examples per minibatch of an in-memory dataset (default 128); a {@link BatchSource} fixes its own. */
        public Builder batchSize(int batchSize) {
            this.batchSize = atLeastOne("batch size", batchSize);
            return this;
        }

        /** The seed of the shuffling and augmentation (default 0); the models' own seeds are set where they are built. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A learning-rate schedule over each optimizer's steps (default: the optimizers' fixed rates). */
        public Builder schedule(LearningRateSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * Transforms every training batch (random shifts and flips of images, section 7.4),
         * with draws from the seed, the epoch and the batch index, so a resumed run draws the
         * same ones.
         */
        public Builder augmentation(BatchTransform augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** Presents the examples of an in-memory training set from easy to hard (section 8.7.6). */
        public Builder curriculum(Curriculum curriculum) {
            this.curriculum = curriculum;
            return this;
        }

        /**
         * Saves a resumable checkpoint after every epoch, once the listeners have seen it: the
         * task's models, optimizers and generators and the state of stateful listeners.
         */
        public Builder checkpoints(EpochCheckpoints checkpoints) {
            this.checkpoints = checkpoints;
            return this;
        }

        /**
         * Restores the task's models, optimizers and generators, the stateful listeners (early
         * stopping) and the epoch count from a checkpoint before training.
         *
         * @param registry the layer types in use, for the plugin versions the checkpoint recorded
         */
        public Builder resumeFrom(Path checkpoint, LayerRegistry registry) {
            this.resumeFrom = checkpoint;
            this.resumeRegistry = registry;
            return this;
        }

        /**
         * How far a loss may grow before the run counts as diverged: a step whose loss exceeds
         * {@code factor} times its first value in the run (or {@code factor} if that is below 1
         * in magnitude) stops training with a {@link TrainingDivergedException} (default 1e4;
         * infinity checks only for NaN and infinite values).
         */
        public Builder divergenceFactor(double factor) {
            if (!(factor > 1)) {
                throw new IllegalArgumentException("divergence factor must be > 1, got " + factor);
            }
            this.divergenceFactor = factor;
            return this;
        }

        /**
         * Records a setting of the run (a regularisation strength, a model option) in its
         * checkpoints; resuming with another value is refused, naming it. The trainer records
         * its own seed, batch size, schedule, augmentation and curriculum.
         */
        public Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        /**
         * Saves {@code component} in every checkpoint under {@code name} and restores it on resume
         * (a language model's vocabulary, say).
         */
        public Builder state(String name, Stateful component) {
            state.put(name, component);
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
    }
}
