package deepvec.cli;

import deepvec.nn.checkpoint.AtomicFiles;
import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.checkpoint.ModelDescription;
import deepvec.nn.data.BatchSource;
import deepvec.nn.data.Dataset;
import deepvec.nn.data.FashionMnist;
import deepvec.nn.data.ImageAugmentation;
import deepvec.nn.data.ImageInput;
import deepvec.nn.layer.Conv2d;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerRegistry;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Sequential;
import deepvec.nn.optim.LearningRateSchedule;
import deepvec.nn.optim.Optimizer;
import deepvec.nn.regularize.MaxNorm;
import deepvec.nn.train.EarlyStopping;
import deepvec.nn.train.EpochCheckpoints;
import deepvec.nn.train.EpochMetrics;
import deepvec.nn.train.GradientNormsThroughTime;
import deepvec.nn.train.Evaluation;
import deepvec.nn.train.LoggingListener;
import deepvec.nn.train.MetricsCsv;
import deepvec.nn.train.Objective;
import deepvec.nn.train.SupervisedTask;
import deepvec.nn.train.Trainer;
import deepvec.nn.train.TrainingTask;
import deepvec.nn.zoo.ConvNets;
import deepvec.nn.text.Tokenizer;
import deepvec.nn.zoo.FeedForwardNets;
import deepvec.nn.zoo.SequenceNets;
import deepvec.simd.ComputePool;
import deepvec.simd.Recurrent;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import deepvec.viz.ConfusionMatrixChart;
import deepvec.viz.ImageGrid;
import deepvec.viz.TrainingPlots;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deepvec train}: trains a classifier on Fashion-MNIST and writes checkpoints, metrics and plots. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model on Fashion-MNIST; writes checkpoints, metrics.csv and PNG plots to --out.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--model", description = "architecture: mlp (784-256-128-10), cnn (the reference CNN), cnn-bn "
            + "(batch norm, dropout 0.25 unless --dropout, augmentation), lstm, gru, rnn (128 units reading the image "
            + "row by row: 28 steps of 28 pixels), the LSTM language models charlm and wordlm on the fortunes, or seq2seq (an "
            + "encoder-decoder on a synthetic --task)",
            defaultValue = "mlp")
    String model;

    @Option(names = "--augment", arity = "1", description = "random shifts of up to 2 pixels and mirroring of training images "
            + "(default: on for cnn-bn, off otherwise)")
    Boolean augment;

    @Option(names = "--activation", description = "hidden units: relu, leaky-relu, prelu, abs, tanh, sigmoid, softplus, maxout",
            defaultValue = "relu")
    String activation;

    @Mixin
    DataOption data;

    @Mixin
    LanguageModelOptions languageModel;

    @Mixin
    Seq2SeqOptions seq2seq;

    @Option(names = "--epochs", description = "epochs to train (default: the model's recipe, below)")
    Integer epochs;

    @Option(names = "--batch-size", description = "examples per step (default: the model's recipe)")
    Integer batchSize;

    @Mixin
    OptimizerOption optimizer;

    @Mixin
    PluginOption plugins;

    @Option(names = "--model-file", paramLabel = "FILE", description = "train the architecture a deepvec model description "
            + "(JSON, as model.json in a run folder) gives, with any layer type deepvec or a --plugins jar provides; it reads "
            + "the 784 pixels of an image and outputs 10 class scores (implies --model custom)")
    Path modelFile;

    @Option(names = "--lr", description = "initial learning rate (default: the model's recipe)")
    Float learningRate;

    @Option(names = "--lr-floor", description = "decay the rate linearly to this value at the last step (0: constant; default: "
            + "the model's recipe)")
    Float learningRateFloor;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--validation", description = "fraction of the training set held out for validation",
            defaultValue = "0.1")
    double validationFraction;

    @Option(names = "--dropout", description = "dropout probability after each hidden layer (language models: on the "
            + "embeddings and on the LSTM's outputs; default: the model's recipe)")
    Float dropout;

    @Option(names = "--weight-decay", description = "L2 penalty lambda on the weights", defaultValue = "0")
    float weightDecay;

    @Option(names = "--clip-norm", description = "clip the gradient norm (0: off; default: the model's recipe)")
    Float clipNorm;

    @Option(names = "--max-norm", description = "max-norm constraint on each unit's incoming weights (0: off)", defaultValue = "0")
    float maxNorm;

    @Option(names = "--early-stopping", description = "stop after this many epochs without validation improvement and restore "
            + "the best parameters (0: off)", defaultValue = "0")
    int patience;

    @Option(names = "--adversarial", description = "FGSM adversarial training with this epsilon (0: off)", defaultValue = "0")
    float adversarialEpsilon;

    @Option(names = "--curvature", description = "measure g'g and g'Hg after each epoch")
    boolean curvature;

    @Option(names = "--resume", description = "continue from a checkpoint written by an earlier run with the same settings")
    Path resume;

    @Option(names = "--threads", description = "compute threads (default: all cores)", defaultValue = "0")
    int threads;

    @Option(names = "--out", description = "output folder (default: runs/<model>-seed<seed>)")
    Path out;

    private static final Map<String, Recurrent.Cell> RECURRENT_CELLS = Map.of("lstm", Recurrent.Cell.LSTM, "gru", Recurrent.Cell.GRU,
            "rnn", Recurrent.Cell.TANH);
    private static final List<String> LANGUAGE_MODELS = List.of("charlm", "wordlm");
    private static final List<String> MODELS = List.of("mlp", "cnn", "cnn-bn", "lstm", "gru", "rnn", "charlm", "wordlm", "seq2seq");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (modelFile != null) {
            new OptionChecks().require(!spec.commandLine().getParseResult().hasMatchedOption("--model") || model.equals("custom"),
                    "--model-file trains the model the file describes; leave out --model " + model).throwIfAny(spec.commandLine());
            model = "custom";
        }
        applyRecipe();
        if (LANGUAGE_MODELS.contains(model)) {
            Map<String, String> settings = checkedSettings();
            return new LanguageModelTraining(this).run(folder(), settings);
        }
        if (model.equals("seq2seq")) {
            return new Seq2SeqTraining(this).run(folder(), checkedSettings());
        }
        Evaluation test = train();
        return test == null ? 1 : 0;
    }

    /** Fills the options the command line left out from the model's {@link Recipe}. */
    private void applyRecipe() {
        Recipe recipe = Recipe.of(model, seq2seq.task);
        epochs = epochs != null ? epochs : recipe.epochs();
        batchSize = batchSize != null ? batchSize : recipe.batchSize();
        learningRate = learningRate != null ? learningRate : recipe.learningRate();
        learningRateFloor = learningRateFloor != null ? learningRateFloor : recipe.learningRateFloor();
        dropout = dropout != null ? dropout : recipe.dropout();
        clipNorm = clipNorm != null ? clipNorm : recipe.clipNorm();
        languageModel.hidden = languageModel.hidden != null ? languageModel.hidden : recipe.hidden();
        languageModel.steps = languageModel.steps != null ? languageModel.steps : recipe.steps();
        seq2seq.trainExamples = seq2seq.trainExamples != null ? seq2seq.trainExamples : recipe.trainExamples();
    }

    private Path folder() {
        return out != null ? out : Path.of("runs", model + "-seed" + seed);
    }

    /** The options checked and the run's settings, compared with the checkpoint to resume from. */
    private Map<String, String> checkedSettings() throws java.io.IOException {
        checkOptions();
        optimizer.check(plugins.registry(), spec.commandLine());
        Map<String, String> settings = settings();
        if (resume != null) {
            checkResume(settings);
        }
        return settings;
    }

    /**
     * Trains, evaluates on the test set and writes everything; returns the test evaluation.
     * The options and the checkpoint to resume from are checked before any data is read or
     * any file written.
     */
    Evaluation train() throws Exception {
        Map<String, String> settings = checkedSettings();
        Path folder = folder();
        Path dataFolder = data.directory();
        Dataset all = FashionMnist.training(dataFolder);
        Dataset test = FashionMnist.test(dataFolder);
        Dataset.Split split = validationFraction > 0 ? all.split(validationFraction, Rng.seeded(seed).fork(1)) : null;
        Dataset training = split == null ? all : split.training();
        LayerRegistry layers = plugins.registry().layers();
        Layer network = switch (model) {
            case "mlp" -> FeedForwardNets.mlp(all.features().dim(1), FashionMnist.CLASSES, activation, dropout, seed);
            case "cnn" -> ConvNets.reference(FashionMnist.CLASSES, seed);
            case "cnn-bn" -> ConvNets.batchNormalized(FashionMnist.CLASSES, dropout > 0 ? dropout : 0.25f, seed);
            case "lstm", "gru", "rnn" -> SequenceNets.rowClassifier(RECURRENT_CELLS.get(model), FashionMnist.SIDE, FashionMnist.SIDE,
                    SequenceNets.HIDDEN, FashionMnist.CLASSES, seed);
            case "custom" -> ModelFile.classifier(modelFile, layers, all.features().dim(1), FashionMnist.CLASSES, seed);
            default -> throw new IllegalArgumentException("unknown model '" + model + "'; expected " + MODELS);
        };
        Optimizer opt = optimizer(network.namedParameters());
        SupervisedTask.Builder task = SupervisedTask.builder(network, opt, Objective.classification(FashionMnist.CLASSES))
                .weightDecay(weightDecay).clipGradientNorm(clipNorm).monitorCurvature(curvature);
        if (maxNorm > 0) {
            task.constraint(new MaxNorm(maxNorm));
        }
        if (adversarialEpsilon > 0) {
            task.adversarial(adversarialEpsilon, 0.5f);
        }
        Trainer.Builder builder = trainer(task.build(), training.size(), settings);
        ImageInput.FASHION_MNIST.settings().forEach(builder::setting);     // every epoch's checkpoint can predict too
        if (augmented()) {
            builder.augmentation(ImageAugmentation.fashionMnist());
        }
        if (RECURRENT_CELLS.containsKey(model)) {
            builder.listener(new GradientNormsThroughTime(folder.resolve("gradient_norms.csv")));
        }
        System.out.printf(Locale.ROOT, "training %s (%s) on %d examples, validating on %d; writing to %s%n", model, activation,
                training.size(), split == null ? 0 : split.validation().size(), folder.toAbsolutePath());
        fit(builder, folder, training, split == null ? null : split.validation());
        Checkpoint.save(folder.resolve("model.safetensors"), Checkpoint.Components.of(network, null)
                .with(Map.of(), ImageInput.FASHION_MNIST.settings()), 0, layers);
        AtomicFiles.writeString(folder.resolve("model.json"), ModelDescription.toJson(layers.describe(network.config())));
        Evaluation result = Evaluation.of(network, test, FashionMnist.CLASSES, 1000);
        report(result, folder);
        writeFilters(network, folder);
        if (RECURRENT_CELLS.containsKey(model)) {
            GradientNormPlot.write(folder.resolve("gradient_norms.csv"), folder.resolve("gradient_norms.png"));
        }
        return result;
    }

    /**
     * The loop the options describe: epochs, batch size, seed, the recorded settings, the
     * linear decay to --lr-floor over every step, and the checkpoint to resume from.
     */
    Trainer.Builder trainer(TrainingTask task, int trainingExamples, Map<String, String> settings) throws java.io.IOException {
        Trainer.Builder builder = Trainer.builder(task).epochs(epochs).batchSize(batchSize).seed(seed);
        settings.forEach(builder::setting);
        if (learningRateFloor > 0) {
            int steps = epochs * ((trainingExamples + batchSize - 1) / batchSize);
            builder.schedule(LearningRateSchedule.linearDecay(learningRate, learningRateFloor, steps));
        }
        if (resume != null) {
            builder.resumeFrom(resume, plugins.registry().layers());
        }
        return builder;
    }

    /**
     * Adds the outputs every run writes to {@code folder} (metrics.csv, the plots, a checkpoint
     * per epoch, the log and the progress bar, early stopping when asked) and trains on
     * --threads threads.
     */
    List<EpochMetrics> fit(Trainer.Builder builder, Path folder, Dataset training, Dataset validation) throws java.io.IOException {
        return fit(builder, folder, trainer -> trainer.fit(training, validation));
    }

    /** As {@link #fit(Trainer.Builder, Path, Dataset, Dataset)}, on batches in the order {@code training} gives them. */
    List<EpochMetrics> fit(Trainer.Builder builder, Path folder, BatchSource training, Dataset validation) throws java.io.IOException {
        return fit(builder, folder, trainer -> trainer.fit(training, validation));
    }

    /** The part of a training run that can fail on a file. */
    private interface Fitting {
        List<EpochMetrics> run(Trainer trainer) throws java.io.IOException;
    }

    private List<EpochMetrics> fit(Trainer.Builder builder, Path folder, Fitting fitting) throws java.io.IOException {
        Path csv = folder.resolve("metrics.csv");
        builder.listener(new MetricsCsv(csv)).listener(new TrainingPlots(csv, folder))
                .checkpoints(new EpochCheckpoints(folder.resolve("checkpoints"), plugins.registry().layers()));
        if (patience > 0) {
            builder.listener(new EarlyStopping(patience));
        }
        ProgressBarListener progress = new ProgressBarListener();
        builder.listener(new LoggingListener()).listener(progress);
        Trainer trainer = builder.build();
        try (progress; ComputePool pool = ComputePool.ofThreads(threads > 0 ? threads : ComputePool.shared().threads())) {
            return pool.call(() -> {
                try {
                    return fitting.run(trainer);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private boolean augmented() {
        return augment != null ? augment : model.equals("cnn-bn");
    }

    private void checkOptions() {
        OptionChecks checks = new OptionChecks();
        languageModel.check(checks);
        seq2seq.check(checks);
        checks.require(resume == null || !model.equals("seq2seq") || seq2seq.attention != Seq2SeqOptions.AttentionChoice.both,
                "--resume continues one model; with --model seq2seq choose --attention on or off");
        checks.require(MODELS.contains(model) || modelFile != null, "--model is " + model + "; expected one of " + MODELS
                        + ", or --model-file FILE")
                .atLeast("--epochs", epochs, 1).atLeast("--batch-size", batchSize, 1).positive("--lr", learningRate)
                .nonNegative("--lr-floor", learningRateFloor)
                .require(learningRateFloor < learningRate, "--lr-floor " + learningRateFloor + " is not below --lr " + learningRate
                        + "; the rate decays down to the floor (0 keeps it constant)")
                .fraction("--validation", validationFraction).fraction("--dropout", dropout).nonNegative("--weight-decay", weightDecay)
                .nonNegative("--clip-norm", clipNorm).nonNegative("--max-norm", maxNorm).atLeast("--early-stopping", patience, 0)
                .require(patience == 0 || validationFraction > 0, "--early-stopping needs a validation set (--validation > 0)")
                .nonNegative("--adversarial", adversarialEpsilon).atLeast("--threads", threads, 0)
                .throwIfAny(spec.commandLine());
    }

    /** The options that make the run what it is, recorded in its checkpoints (not --epochs, --threads, --out or --data). */
    private Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("cli.model", model);
        settings.put("cli.activation", activation);
        settings.put("cli.augment", Boolean.toString(augmented()));
        settings.put("cli.optimizer", optimizer.recorded());
        if (modelFile != null) {
            settings.put("cli.model_file", modelFile.toAbsolutePath().normalize().toString());
        }
        settings.put("cli.lr", Float.toString(learningRate));
        settings.put("cli.lr_floor", Float.toString(learningRateFloor));
        settings.put("cli.lr_decay_epochs", learningRateFloor > 0 ? Integer.toString(epochs) : "none");
        settings.put("cli.validation", Double.toString(validationFraction));
        settings.put("cli.dropout", Float.toString(dropout));
        settings.put("cli.weight_decay", Float.toString(weightDecay));
        settings.put("cli.clip_norm", Float.toString(clipNorm));
        settings.put("cli.max_norm", Float.toString(maxNorm));
        settings.put("cli.early_stopping", Integer.toString(patience));
        settings.put("cli.adversarial", Float.toString(adversarialEpsilon));
        if (LANGUAGE_MODELS.contains(model)) {
            languageModel.record(settings, model.equals("charlm") ? Tokenizer.characters() : Tokenizer.words());
        }
        if (model.equals("seq2seq")) {
            seq2seq.record(settings);
            settings.put("cli.hidden", Integer.toString(languageModel.hidden));
        }
        return settings;
    }

    /** The checkpoint is whole, has epochs left to train and was written with these settings. */
    private void checkResume(Map<String, String> settings) throws java.io.IOException {
        Map<String, String> saved = Checkpoint.settings(resume);
        int done = Checkpoint.epochsCompleted(resume);
        OptionChecks checks = new OptionChecks().require(done < epochs, "--resume " + resume + " has completed " + done
                + " epochs and --epochs is " + epochs + "; set --epochs above " + done + " to train on");
        settings.forEach((name, value) -> checks.require(value.equals(saved.get(name)), "--resume " + resume + " was trained with "
                + "--" + name.substring(4).replace('_', '-') + " " + saved.getOrDefault(name, "(not recorded)") + ", this run has "
                + value + "; resume with the saved settings or start a new run"));
        checks.throwIfAny(spec.commandLine());
    }

    /** The --optimizer over {@code parameters}, from the registry in use (so a plugin's optimiser can be named). */
    Optimizer optimizer(Map<String, deepvec.nn.autograd.Variable> parameters) throws java.io.IOException {
        return optimizer.create(plugins.registry(), parameters, learningRate);
    }

    static void report(Evaluation result, Path folder) throws java.io.IOException {
        ConfusionMatrixChart.writePng(folder.resolve("confusion.png"), result.confusion(), FashionMnist.CLASS_NAMES);
        System.out.printf(Locale.ROOT, "test accuracy %.4f, test loss %.4f (%d examples); confusion matrix in %s%n",
                result.accuracy(), result.loss(), result.examples(), folder.resolve("confusion.png"));
    }

    /**
     * The first layer's filters as pictures: the incoming weights of 64 hidden units as 28 x 28
     * images for the MLP, the kernels of the first convolution for a CNN.
     */
    private static void writeFilters(Layer network, Path folder) throws java.io.IOException {
        if (!(network instanceof Sequential sequential)) {
            return;
        }
        for (Layer layer : sequential.layers()) {
            if (layer instanceof Linear first && first.inputs() == 28 * 28) {
                int shown = Math.min(64, first.outputs());
                ImageGrid.writePng(folder.resolve("filters.png"),
                        first.namedParameters().get("weight").value().transpose(0, 1).slice(0, 0, shown), 28, 28, 8, 3);
                return;
            }
            if (layer instanceof Conv2d conv) {
                Tensor kernels = conv.namedParameters().get("weight").value();
                int count = kernels.dim(0) * kernels.dim(1);
                ImageGrid.writePng(folder.resolve("filters.png"), kernels.reshape(count, kernels.dim(2) * kernels.dim(3)),
                        kernels.dim(2), kernels.dim(3), 8, 24);
                return;
            }
        }
    }
}
