package deepvec.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.Variable;
import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.data.DataLoader;
import deepvec.nn.data.Dataset;
import deepvec.nn.data.StreamingDataset;
import deepvec.nn.layer.Activation;
import deepvec.nn.layer.Dropout;
import deepvec.nn.layer.LayerRegistry;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Sequential;
import deepvec.nn.checkpoint.ResumeMismatchException;
import deepvec.nn.optim.AdaDelta;
import deepvec.nn.optim.AdaGrad;
import deepvec.nn.optim.Adam;
import deepvec.nn.optim.LearningRateSchedule;
import deepvec.nn.optim.Optimizer;
import deepvec.nn.optim.RmsProp;
import deepvec.nn.optim.Sgd;
import deepvec.simd.ComputePool;
import deepvec.simd.random.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop with the classification task: learning, determinism, resuming, early stopping, the metrics file. */
class TrainerTest {

    @TempDir
    Path dir;

    private static final Dataset TRAIN = Blobs.make(600, 10, 0.5f, 1);
    private static final Dataset VALIDATION = Blobs.make(300, 10, 0.5f, 2);

    private static Sequential model(long seed) {
        Rng rng = Rng.seeded(seed);
        return new Sequential(new Linear(10, 32, rng), Activation.relu(), new Dropout(0.1f, 100), new Linear(32, 3, rng));
    }

    static List<float[]> values(Sequential model) {
        return model.parameters().stream().map(p -> p.value().toArray()).toList();
    }

    static void assertSameValues(List<float[]> expected, List<float[]> actual) {
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), 0f, "parameter " + i);
        }
    }

    private static Trainer.Builder trainer(Sequential model, int epochs, Consumer<SupervisedTask.Builder> taskSettings) {
        SupervisedTask.Builder task = SupervisedTask.builder(model, new Adam(model.namedParameters(), 3e-3f),
                Objective.classification(3));
        taskSettings.accept(task);
        return Trainer.builder(task.build()).epochs(epochs).batchSize(32).seed(9)
                .schedule(LearningRateSchedule.linearDecay(3e-3f, 3e-5f, 80));
    }

    private static Trainer.Builder trainer(Sequential model, int epochs) {
        return trainer(model, epochs, task -> { });
    }

    @Test
    void learnsTheBlobsAndReportsConsistentMetrics() throws IOException {
        Sequential model = model(1);
        List<EpochMetrics> history = trainer(model, 5, task -> task.monitorCurvature(true)).build().fit(TRAIN, VALIDATION);
        assertEquals(5, history.size());
        EpochMetrics last = history.get(4);
        assertTrue(last.get("validation.accuracy") > 0.9, "validation accuracy " + last.get("validation.accuracy"));
        assertTrue(history.get(0).get("train.loss") > last.get("train.loss"));
        Evaluation direct = Evaluation.of(model, VALIDATION, 3, 1000);
        assertEquals(direct.accuracy(), last.get("validation.accuracy"), 0.0);
        assertEquals(direct.loss(), last.get("validation.loss"), 1e-12);
        assertEquals(600, last.get("examples_per_second") * last.get("seconds"), 1e-6);
        assertEquals(3e-5f, (float) last.get("learning_rate"), 1e-9f, "the schedule reached its floor (19 steps x 5 epochs > 80)");
        assertTrue(last.get("gTg") > 0 && Double.isFinite(last.get("gTHg")));
        assertTrue(last.get("train.gradient_norm") > 0);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> last.get("validation.bleu"));
        assertTrue(missing.getMessage().contains("validation.accuracy"), missing.getMessage());
    }

    @Test
    void aStreamOfExamplesTrainsThroughTheSameLoop() throws IOException {
        Sequential model = model(6);
        int[] opened = new int[1];
        StreamingDataset stream = StreamingDataset.shuffled(() -> {
            opened[0]++;
            return DataLoader.sequential(TRAIN, 50).epoch(0).iterator();        // as a reader would hand over chunks
        }, 32, 200, Rng.seeded(2));
        List<EpochMetrics> history = Trainer.builder(SupervisedTask.of(model, new Adam(model.namedParameters(), 3e-3f),
                Objective.classification(3))).epochs(5).build().fit(stream, VALIDATION);
        assertTrue(history.getLast().get("validation.accuracy") > 0.9, "validation accuracy " + history.getLast().get("validation.accuracy"));
        assertEquals(600, Math.round(history.getLast().get("examples_per_second") * history.getLast().get("seconds")));
        assertEquals(6, opened[0], "read once per epoch, plus once for the sample the task checks");
    }

    @Test
    void aDivergingRunStopsWithAnErrorNamingTheStepAndTheLearningRate() {
        Sequential model = model(7);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.builder(SupervisedTask.of(model,
                new deepvec.nn.optim.Sgd(model.namedParameters(), 1e30f), Objective.classification(3))).epochs(3).batchSize(32)
                .build().fit(TRAIN, VALIDATION));
        assertTrue(e.getMessage().contains("diverged at epoch " + e.epoch() + ", batch " + e.batch())
                && e.getMessage().contains("learning rate: optimizer 1.0E30"), e.getMessage());
    }

    /** Each optimiser at a learning rate far too large: some reach NaN, others a finite loss that has exploded. */
    @Test
    void everyOptimizerDivergingAtAHugeLearningRateIsStopped() {
        Map<String, Function<Map<String, Variable>, Optimizer>> optimizers = new LinkedHashMap<>();
        optimizers.put("sgd", p -> new Sgd(p, 1e6f));
        optimizers.put("momentum", p -> new Sgd(p, 1e6f, 0.9f, false));
        optimizers.put("nesterov", p -> new Sgd(p, 1e6f, 0.9f, true));
        optimizers.put("adagrad", p -> new AdaGrad(p, 1e6f, 1e-7f));
        optimizers.put("rmsprop", p -> new RmsProp(p, 1e6f, 0.9f, 1e-6f));
        optimizers.put("adadelta", p -> new AdaDelta(p, 1e6f, 0.95f, 1e-6f));
        optimizers.put("adam", p -> new Adam(p, 1e6f));
        optimizers.forEach((name, create) -> {
            Sequential model = model(8);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.builder(SupervisedTask.of(model,
                    create.apply(model.namedParameters()), Objective.classification(3))).epochs(3).batchSize(32).build()
                    .fit(TRAIN, VALIDATION), name);
            assertTrue(e.getMessage().contains("learning rate: optimizer 1000000.0") && e.getMessage().contains("step "), e.getMessage());
        });
        Sequential calm = model(8);
        List<EpochMetrics> history = assertDoesNotThrow(() -> Trainer.builder(SupervisedTask.of(calm,
                new Adam(calm.namedParameters(), 3e-3f), Objective.classification(3))).epochs(2).batchSize(32).build()
                .fit(TRAIN, VALIDATION));
        assertEquals(2, history.size(), "a sound run is not mistaken for a diverging one");
    }

    @Test
    void aLabelOutOfRangeAnywhereIsRefusedBeforeTheFirstStep() {
        int[] labels = TRAIN.labels().clone();
        labels[550] = 7;
        Dataset bad = Dataset.of(TRAIN.features(), labels);
        Sequential model = model(14);
        List<float[]> before = values(model);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(model, 1).build().fit(bad, VALIDATION));
        assertTrue(e.getMessage().contains("label of example 550 is 7; expected 0 .. 2"), e.getMessage());
        assertSameValues(before, values(model));
    }

    @Test
    void evaluationRefusesNonFiniteOutputs() {
        Sequential model = model(13);
        model.parameters().getLast().value().data()[1] = Float.POSITIVE_INFINITY;      // the output bias of class 1
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Evaluation.of(model, VALIDATION, 3, 100));
        assertTrue(e.getMessage().contains("output for example 0 holds"), e.getMessage());
    }

    @Test
    void resumingWithOtherSettingsOrPastTheLastEpochIsRefused() throws IOException {
        trainer(model(12), 2).checkpoints(new EpochCheckpoints(dir, LayerRegistry.standard())).build().fit(TRAIN, VALIDATION);
        Path saved = dir.resolve("epoch-002.safetensors");
        ResumeMismatchException other = assertThrows(ResumeMismatchException.class, () -> trainer(model(12), 4).batchSize(16)
                .schedule(LearningRateSchedule.cosine(3e-3f, 3e-5f, 80)).resumeFrom(saved, LayerRegistry.standard()).build().fit(TRAIN, VALIDATION));
        assertTrue(other.getMessage().contains("setting trainer.batch_size was 32, is now 16")
                && other.getMessage().contains("setting trainer.schedule was linear_decay(0.003, 3.0E-5, 80), is now cosine("),
                other.getMessage());
        IllegalArgumentException done = assertThrows(IllegalArgumentException.class,
                () -> trainer(model(12), 2).resumeFrom(saved, LayerRegistry.standard()).build().fit(TRAIN, VALIDATION));
        assertTrue(done.getMessage().contains("has completed 2 epochs, and the run is set to 2"), done.getMessage());
        assertEquals(2, trainer(model(12), 3).resumeFrom(saved, LayerRegistry.standard()).build().fit(TRAIN, VALIDATION).size() + 1);
    }

    @Test
    void twoIdenticalRunsWriteIdenticalCheckpointFiles() throws IOException {
        for (String run : new String[] {"a", "b"}) {
            trainer(model(11), 2).checkpoints(new EpochCheckpoints(dir.resolve(run), LayerRegistry.standard())).listener(new EarlyStopping(5)).build()
                    .fit(TRAIN, VALIDATION);
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve("epoch-002.safetensors")),
                Files.readAllBytes(dir.resolve("b").resolve("epoch-002.safetensors")));
    }

    @Test
    void theModelMustFitTheTaskBeforeTrainingStarts() {
        Rng rng = Rng.seeded(2);
        Sequential fourWay = new Sequential(new Linear(10, 4, rng));
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(SupervisedTask.of(
                fourWay, new Adam(fourWay.namedParameters(), 1e-3f), Objective.classification(3))).build().fit(TRAIN, null));
        assertTrue(width.getMessage().contains("[n, 3]"), width.getMessage());
        Sequential threeWay = new Sequential(new Linear(10, 3, rng));
        Dataset badLabel = Dataset.of(TRAIN.features(), new int[TRAIN.size()]);
        badLabel.labels()[7] = 5;
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(SupervisedTask.of(
                threeWay, new Adam(threeWay.namedParameters(), 1e-3f), Objective.classification(3))).build().fit(badLabel, null));
        assertTrue(label.getMessage().contains("example 7"), label.getMessage());
    }

    @Test
    void theSameSeedGivesBitIdenticalParametersWhateverTheThreadCount() throws IOException {
        List<List<float[]>> results = new java.util.ArrayList<>();
        for (int threads : new int[] {1, 2, 3}) {
            try (ComputePool pool = ComputePool.ofThreads(threads)) {
                Sequential model = model(4);
                pool.call(() -> {
                    try {
                        return trainer(model, 2).build().fit(TRAIN, VALIDATION);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                results.add(values(model));
            }
        }
        assertSameValues(results.get(0), results.get(1));
        assertSameValues(results.get(0), results.get(2));
    }

    @Test
    void aResumedRunEndsWithTheSameParametersAsAnUninterruptedOne() throws IOException {
        Sequential straight = model(5);
        trainer(straight, 4).build().fit(TRAIN, VALIDATION);

        EpochCheckpoints checkpoints = new EpochCheckpoints(dir.resolve("checkpoints"), LayerRegistry.standard());
        trainer(model(5), 2).checkpoints(checkpoints).build().fit(TRAIN, VALIDATION);
        Sequential resumed = model(77);                 // different initial values: all must come from the file
        List<EpochMetrics> rest = trainer(resumed, 4).resumeFrom(checkpoints.fileFor(2), LayerRegistry.standard()).build().fit(TRAIN, VALIDATION);
        assertEquals(List.of(3, 4), rest.stream().map(EpochMetrics::epoch).toList());
        assertSameValues(values(straight), values(resumed));
        assertTrue(Files.isRegularFile(checkpoints.last()));
    }

    /** An LSTM over the blobs read as 5 steps of 2: resumed at two threads, it ends with the bits of one uninterrupted thread. */
    @Test
    void aResumedRecurrentRunEqualsAnUninterruptedOneAtAnyThreadCount() throws Exception {
        java.util.function.LongFunction<Sequential> lstm = seed -> {
            Rng rng = Rng.seeded(seed);
            return new Sequential(deepvec.nn.layer.Reshape.toSequences(5, 2),
                    new deepvec.nn.layer.RecurrentLayer(deepvec.simd.Recurrent.Cell.LSTM, 2, 8, false, rng), new Linear(8, 3, rng));
        };
        Sequential straight = lstm.apply(5);
        try (ComputePool one = ComputePool.ofThreads(1)) {
            one.call(() -> fitQuietly(trainer(straight, 4)));
        }
        EpochCheckpoints checkpoints = new EpochCheckpoints(dir.resolve("lstm"), LayerRegistry.standard());
        try (ComputePool one = ComputePool.ofThreads(1)) {
            one.call(() -> fitQuietly(trainer(lstm.apply(5), 2).checkpoints(checkpoints)));
        }
        Sequential resumed = lstm.apply(77);
        try (ComputePool two = ComputePool.ofThreads(2)) {
            two.call(() -> fitQuietly(trainer(resumed, 4).resumeFrom(checkpoints.fileFor(2), LayerRegistry.standard())));
        }
        assertSameValues(values(straight), values(resumed));
    }

    private static List<EpochMetrics> fitQuietly(Trainer.Builder builder) {
        try {
            return builder.build().fit(TRAIN, VALIDATION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestEpochsParameters() throws IOException {
        // a wide net on 40 noisy examples overfits: the validation loss turns up
        Dataset small = Blobs.make(40, 10, 1.6f, 6);
        Dataset validation = Blobs.make(400, 10, 1.6f, 7);
        Rng rng = Rng.seeded(8);
        Sequential model = new Sequential(new Linear(10, 256, rng), Activation.relu(), new Linear(256, 3, rng));
        EarlyStopping stopping = new EarlyStopping("validation.loss", EarlyStopping.Goal.MINIMIZE, 3);
        EpochCheckpoints checkpoints = new EpochCheckpoints(dir.resolve("es"), LayerRegistry.standard());
        List<EpochMetrics> history = Trainer.builder(SupervisedTask.of(model, new Adam(model.namedParameters(), 1e-2f),
                Objective.classification(3))).epochs(200).batchSize(8).checkpoints(checkpoints).listener(stopping).build()
                .fit(small, validation);
        assertTrue(history.size() < 200, "stopped after " + history.size() + " epochs");
        assertEquals(stopping.bestEpoch() + 3, history.size(), "stops exactly `patience` epochs after the best");
        double best = history.stream().mapToDouble(m -> m.get("validation.loss")).min().orElseThrow();
        assertEquals(best, stopping.best(), 0.0);
        Sequential bestModel = (Sequential) Checkpoint.loadModel(checkpoints.fileFor(stopping.bestEpoch()), LayerRegistry.standard());
        assertSameValues(values(bestModel), values(model));
        assertEquals(best, Evaluation.of(model, validation, 3, 1000).loss(), 1e-12);
    }

    @Test
    void aResumedRunWithEarlyStoppingStopsWhereAnUninterruptedOneDoes() throws IOException {
        Run straight = overfitting(200, null, null);
        int stop = straight.history().size();
        assertTrue(stop > 3 && stop < 200, "stopped after " + stop);
        EpochCheckpoints checkpoints = new EpochCheckpoints(dir.resolve("stopping"), LayerRegistry.standard());
        int cut = stop - 2;                               // after the best epoch was found, before the stop
        overfitting(cut, checkpoints, null);
        Run resumed = overfitting(200, null, checkpoints.fileFor(cut));
        assertEquals(stop, resumed.history().getLast().epoch(), "the resumed run stops at the same epoch");
        assertSameValues(values(straight.model()), values(resumed.model()));
    }

    private record Run(Sequential model, List<EpochMetrics> history) {
    }

    /** A wide net on 40 noisy examples with early stopping (patience 3), optionally checkpointed or resumed. */
    private static Run overfitting(int epochs, EpochCheckpoints checkpoints, Path resume) throws IOException {
        Rng rng = Rng.seeded(8);
        Sequential model = new Sequential(new Linear(10, 256, rng), Activation.relu(), new Linear(256, 3, rng));
        Trainer.Builder builder = Trainer.builder(SupervisedTask.of(model, new Adam(model.namedParameters(), 1e-2f),
                Objective.classification(3))).epochs(epochs).batchSize(8).listener(new EarlyStopping(3));
        if (checkpoints != null) {
            builder.checkpoints(checkpoints);
        }
        if (resume != null) {
            builder.resumeFrom(resume, LayerRegistry.standard());
        }
        return new Run(model, builder.build().fit(Blobs.make(40, 10, 1.6f, 6), Blobs.make(400, 10, 1.6f, 7)));
    }

    @Test
    void earlyStoppingNamesAMetricTheRunDoesNotReport() {
        Sequential model = model(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer(model, 2)
                .listener(new EarlyStopping(2)).build().fit(TRAIN, null));
        assertTrue(e.getMessage().contains("validation set"), e.getMessage());
    }

    @Test
    void metricsGoToACsvFileThatAResumedRunContinues() throws IOException {
        Path csv = dir.resolve("metrics.csv");
        EpochCheckpoints checkpoints = new EpochCheckpoints(dir, LayerRegistry.standard());
        trainer(model(3), 2).listener(new MetricsCsv(csv)).checkpoints(checkpoints).build().fit(TRAIN, VALIDATION);
        trainer(model(3), 3).listener(new MetricsCsv(csv)).resumeFrom(checkpoints.fileFor(2), LayerRegistry.standard()).build().fit(TRAIN, VALIDATION);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,train.loss,train.accuracy,train.gradient_norm,validation.loss,validation.accuracy,learning_rate,"
                + "seconds,examples_per_second", lines.get(0));
        assertEquals(List.of("1", "2", "3"), lines.subList(1, 4).stream().map(l -> l.substring(0, l.indexOf(','))).toList());
        assertEquals(9, lines.get(3).split(",").length);
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "epoch,something_else\n1,2\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer(model(3), 3)
                .listener(new MetricsCsv(other)).resumeFrom(checkpoints.fileFor(2), LayerRegistry.standard()).build().fit(TRAIN, VALIDATION));
        assertTrue(e.getMessage().contains("columns"), e.getMessage());
    }

    @Test
    void adversarialTrainingMakesTheModelMoreRobustToTheFastGradientSignAttack() throws IOException {
        float eps = 0.25f;
        Sequential plain = model(12);
        Sequential hardened = model(12);
        trainer(plain, 6).build().fit(TRAIN, null);
        trainer(hardened, 6, task -> task.adversarial(eps, 0.5f)).build().fit(TRAIN, null);
        double plainUnderAttack = Evaluation.underAttack(plain, VALIDATION, 3, 100, eps).accuracy();
        double hardenedUnderAttack = Evaluation.underAttack(hardened, VALIDATION, 3, 100, eps).accuracy();
        assertTrue(plainUnderAttack < Evaluation.of(plain, VALIDATION, 3, 100).accuracy(), "the attack works");
        assertTrue(hardenedUnderAttack > plainUnderAttack + 0.03,
                "accuracy under attack " + hardenedUnderAttack + " (adversarially trained) vs " + plainUnderAttack);
    }

    @Test
    void weightDecayShrinksTheWeights() throws IOException {
        Sequential plain = model(10);
        Sequential decayed = model(10);
        trainer(plain, 3).build().fit(TRAIN, null);
        trainer(decayed, 3, task -> task.weightDecay(0.05f)).build().fit(TRAIN, null);
        Variable w1 = plain.parameters().get(0);
        Variable w2 = decayed.parameters().get(0);
        assertTrue(norm(w2) < 0.9 * norm(w1), norm(w2) + " vs " + norm(w1));
    }

    private static double norm(Variable v) {
        double s = 0;
        for (float x : v.value().toArray()) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
