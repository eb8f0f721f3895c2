package deepvec.cli;

import deepvec.nn.checkpoint.AtomicFiles;
import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.optim.Optimizer;
import deepvec.nn.seq2seq.BeamSearch;
import deepvec.nn.seq2seq.DigitTasks;
import deepvec.nn.seq2seq.EncoderDecoder;
import deepvec.nn.seq2seq.ExactMatch;
import deepvec.nn.train.Objective;
import deepvec.nn.train.SupervisedTask;
import deepvec.simd.Recurrent;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import deepvec.viz.ImageGrid;
import deepvec.viz.LineChart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code deepvec train --model seq2seq}: an LSTM encoder-decoder (Deep Learning section 10.4)
 * trained with teacher forcing on a synthetic digit task, with additive attention (section
 * 12.4.5.1), without, or both. Each is decoded on a held-out test set by beam search and
 * greedily, and the exact-match accuracy by source length goes to {@code exact_match.csv} and
 * {@code exact_match.png}; each model's checkpoints and curves go to its own folder
 * ({@code attention/}, {@code plain/}), with the attention weights of one long test example
 * in {@code attention/attention.png}.
 */
final class Seq2SeqTraining {

    private static final int VALIDATION_EXAMPLES = 2000;
    private static final int TEST_EXAMPLES = 3300;
    private static final int EMBEDDING = 32;
    /** The LSTM units of the seq2seq recipe. */
    static final int HIDDEN = 128;

    private final TrainCommand options;
    private final Seq2SeqOptions seq2seq;

    Seq2SeqTraining(TrainCommand options) {
        this.options = options;
        this.seq2seq = options.seq2seq;
    }

    /** Trains and evaluates the chosen decoders; returns the exit status. */
    int run(Path folder, Map<String, String> settings) throws IOException {
        Rng rng = Rng.seeded(options.seed);
        DigitTasks.Examples training = examples(seq2seq.trainExamples, rng.fork(1));
        DigitTasks.Examples validation = examples(VALIDATION_EXAMPLES, rng.fork(2));
        DigitTasks.Examples test = examples(TEST_EXAMPLES, rng.fork(3));
        BeamSearch beam = new BeamSearch(seq2seq.beam, seq2seq.lengthPenalty, test.targetSteps(), DigitTasks.BEGIN, DigitTasks.END);
        BeamSearch greedy = new BeamSearch(1, 0, test.targetSteps(), DigitTasks.BEGIN, DigitTasks.END);
        Map<String, ExactMatch> results = new LinkedHashMap<>();
        for (boolean attends : variants()) {
            String name = attends ? "attention" : "plain";
            Path sub = folder.resolve(name);
            System.out.printf(Locale.ROOT, "training the %s encoder-decoder on %d %s examples; writing to %s%n",
                    attends ? "attention" : "plain", training.examples().size(), seq2seq.task, sub.toAbsolutePath());
            EncoderDecoder model = new EncoderDecoder(Recurrent.Cell.LSTM, DigitTasks.VOCABULARY, EMBEDDING, options.languageModel.hidden,
                    training.sourceSteps(), DigitTasks.PADDING, attends, Rng.seeded(options.seed));
            Optimizer optimizer = options.optimizer(model.namedParameters());
            SupervisedTask task = SupervisedTask.builder(model, optimizer, Objective.classification(DigitTasks.VOCABULARY))
                    .weightDecay(options.weightDecay).clipGradientNorm(options.clipNorm).build();
            Map<String, String> own = new LinkedHashMap<>(settings);
            own.put("cli.decoder", name);
            options.fit(options.trainer(task, training.examples().size(), own), sub, training.dataset(), validation.dataset());
            Checkpoint.save(sub.resolve("model.safetensors"), model, options.plugins.registry().layers());
            results.put(name + "_beam" + seq2seq.beam, decode(model, beam, test, name + ", beam " + seq2seq.beam));
            results.put(name + "_greedy", decode(model, greedy, test, name + ", greedy"));
            if (attends) {
                writeAttention(model, test, sub.resolve("attention.png"));
            }
        }
        report(folder, results);
        return 0;
    }

    private List<Boolean> variants() {
        return switch (seq2seq.attention) {
            case both -> List.of(true, false);
            case on -> List.of(true);
            case off -> List.of(false);
        };
    }

    private DigitTasks.Examples examples(int count, Rng rng) {
        return switch (seq2seq.task) {
            case reverse -> DigitTasks.reversal(count, 5, 15, rng);
            case addition -> DigitTasks.addition(count, 5, rng);
        };
    }

    private static ExactMatch decode(EncoderDecoder model, BeamSearch search, DigitTasks.Examples test, String what) {
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("decoding (" + what + ")").setInitialMax(test.examples().size())
                .setUnit(" examples", 1).showSpeed().setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(100).build()) {
            ExactMatch result = ExactMatch.of(model, search, test, bar::stepTo);
            System.out.printf(Locale.ROOT, "exact match (%s): %.4f%n", what, result.overall());
            return result;
        }
    }

    /** The attention weights [T, S] of the longest test example, one row per output step. */
    private static void writeAttention(EncoderDecoder model, DigitTasks.Examples test, Path file) throws IOException {
        DigitTasks.Example longest = test.examples().stream().max(java.util.Comparator.comparingInt(e -> e.source().length))
                .orElseThrow();
        DigitTasks.Examples one = new DigitTasks.Examples(List.of(longest), test.sourceSteps(), test.targetSteps());
        Tensor weights = model.attentionWeights(one.dataset().features());
        int steps = weights.dim(1);
        int sources = weights.dim(2);
        ImageGrid.writePng(file, weights.reshape(1, steps * sources), steps, sources, 1, 16);
    }

    private static void report(Path folder, Map<String, ExactMatch> results) throws IOException {
        List<Integer> lengths = List.copyOf(results.values().iterator().next().byLength().keySet());
        StringBuilder csv = new StringBuilder("source_length," + String.join(",", results.keySet()) + "\n");
        for (int length : lengths) {
            csv.append(length);
            results.values().forEach(r -> csv.append(String.format(Locale.ROOT, ",%.4f", r.byLength().get(length))));
            csv.append('\n');
        }
        csv.append("all");
        results.values().forEach(r -> csv.append(String.format(Locale.ROOT, ",%.4f", r.overall())));
        csv.append('\n');
        AtomicFiles.writeString(folder.resolve("exact_match.csv"), csv.toString());
        double[] x = lengths.stream().mapToDouble(Integer::doubleValue).toArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        results.forEach((name, r) -> series.put(name, lengths.stream().mapToDouble(l -> r.byLength().get(l)).toArray()));
        LineChart.writePng(folder.resolve("exact_match.png"), "Exact match on the test set", "source length", "exact match", x, series,
                false);
        System.out.print("exact match by source length (" + folder.resolve("exact_match.csv") + "):\n" + csv);
    }
}
