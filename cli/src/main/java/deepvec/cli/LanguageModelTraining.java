package deepvec.cli;

import deepvec.nn.checkpoint.AtomicFiles;
import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.data.DataLoader;
import deepvec.nn.data.Dataset;
import deepvec.nn.layer.Sequential;
import deepvec.nn.optim.Optimizer;
import deepvec.nn.train.EpochMetrics;
import deepvec.nn.train.Objective;
import deepvec.nn.train.SupervisedTask;
import deepvec.nn.text.Corpus;
import deepvec.nn.text.Fortunes;
import deepvec.nn.text.LanguageModelData;
import deepvec.nn.text.NGramModel;
import deepvec.nn.text.TextSampler;
import deepvec.nn.text.Tokenizer;
import deepvec.nn.text.Vocabulary;
import deepvec.nn.zoo.LanguageModels;
import deepvec.simd.Recurrent;
import deepvec.simd.random.Rng;
import deepvec.viz.LineChart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code deepvec train --model charlm|wordlm}: an LSTM language model (Deep Learning section
 * 12.4.2) on the fortunes corpus, split by file, with the best interpolated Kneser-Ney n-gram
 * model (section 12.4.1, order chosen on the validation set) as its baseline. Both are scored on
 * the test set per token, per character and per word (the total negative log-likelihood of the
 * same text over its characters or words, end-of-text symbols counted once each), written to
 * {@code perplexity.csv} with the curves in {@code perplexity.png} and a sample in {@code sample.txt}.
 */
final class LanguageModelTraining {

    /** The vocabulary's component name in checkpoints. */
    static final String VOCABULARY = "vocabulary";
    private static final int SAMPLE_LENGTH = 400;

    private final TrainCommand options;
    private final Tokenizer tokenizer;

    LanguageModelTraining(TrainCommand options) {
        this.options = options;
        this.tokenizer = options.model.equals("charlm") ? Tokenizer.characters() : Tokenizer.words();
    }

    /** Trains, scores and writes everything; returns the exit status. */
    int run(Path folder, Map<String, String> settings) throws IOException {
        LanguageModelOptions lm = options.languageModel;
        Corpus corpus = Fortunes.load(lm.textDirectory());
        List<List<String>> trainingTokens = corpus.training().stream().map(tokenizer::tokens).toList();
        Vocabulary vocabulary = Vocabulary.build(trainingTokens, lm.minCount(tokenizer));
        List<int[]> training = trainingTokens.stream().map(vocabulary::encode).toList();
        List<int[]> validation = encode(corpus.validation(), vocabulary);
        List<int[]> test = encode(corpus.test(), vocabulary);
        int streams = options.batchSize;
        Dataset trainingData = LanguageModelData.streams(training, streams, lm.steps);
        Dataset validationData = LanguageModelData.streams(validation, streams, lm.steps);
        System.out.printf(Locale.ROOT, "training a %s language model: %d tokens of %d types in %d streams of %d chunks of %d; writing to %s%n",
                tokenizer.name().toLowerCase(Locale.ROOT), tokens(training), vocabulary.size(), streams, trainingData.size() / streams,
                lm.steps,
                folder.toAbsolutePath());
        Sequential network = LanguageModels.recurrent(Recurrent.Cell.LSTM, vocabulary.size(), lm.embedding(tokenizer), lm.hidden,
                options.dropout, options.seed);
        Optimizer optimizer = options.optimizer(network.namedParameters());
        SupervisedTask task = SupervisedTask.builder(network, optimizer, Objective.classification(vocabulary.size()))
                .weightDecay(options.weightDecay).clipGradientNorm(options.clipNorm).carryStates(streams).build();
        List<EpochMetrics> history = options.fit(options.trainer(task, trainingData.size(), settings).state(VOCABULARY, vocabulary),
                folder, new DataLoader(trainingData, streams, false, Rng.seeded(options.seed)), validationData);
        Map<String, String> saved = new LinkedHashMap<>(settings);
        Checkpoint.save(folder.resolve("model.safetensors"), new Checkpoint.Components(Map.of(Checkpoint.MODEL, network), Map.of(),
                Map.of(), Map.of(VOCABULARY, vocabulary), saved), history.isEmpty() ? 0 : history.getLast().epoch(),
                options.plugins.registry().layers());
        writeCurves(folder, history);
        double neuralLoss = task.evaluate(LanguageModelData.streams(test, streams, lm.steps)).get("loss");
        Scores lstm = Scores.of(neuralLoss, corpus.test(), test);
        NGramModel best = bestNGram(training, validation, vocabulary.size());
        Scores ngram = Scores.of(best.crossEntropy(test), corpus.test(), test);
        report(folder, lstm, ngram, best.order());
        String sample = tokenizer.join(vocabulary.decode(TextSampler.carryingState(network).sample(new int[0], SAMPLE_LENGTH, 0.8,
                Rng.seeded(options.seed), id -> { })));
        AtomicFiles.writeString(folder.resolve("sample.txt"), sample + "\n");
        System.out.println("sample (temperature 0.8) in " + folder.resolve("sample.txt") + ":\n" + sample);
        return 0;
    }

    private List<int[]> encode(List<String> documents, Vocabulary vocabulary) {
        return documents.stream().map(d -> vocabulary.encode(tokenizer.tokens(d))).toList();
    }

    private static long tokens(List<int[]> sequences) {
        return sequences.stream().mapToLong(s -> s.length).sum();
    }

    /** Interpolated Kneser-Ney (D = 0.75) of the order with the best validation perplexity. */
    private NGramModel bestNGram(List<int[]> training, List<int[]> validation, int vocabulary) {
        int highest = tokenizer == Tokenizer.characters() ? 8 : 4;
        NGramModel best = null;
        double bestPerplexity = Double.POSITIVE_INFINITY;
        for (int order = 2; order <= highest && Math.pow(vocabulary, order) <= 0x1p62; order++) {
            NGramModel model = NGramModel.fit(training, order, vocabulary, NGramModel.Smoothing.KNESER_NEY, 0.75);
            double perplexity = model.perplexity(validation);
            if (perplexity < bestPerplexity) {
                best = model;
                bestPerplexity = perplexity;
            }
        }
        return best;
    }

    /** A test-set score: perplexity per token, and the same likelihood spread over the characters or the words. */
    record Scores(double perToken, double perCharacter, double perWord) {

        static Scores of(double lossPerToken, List<String> documents, List<int[]> ids) {
            double nll = lossPerToken * tokens(ids);
            long characters = documents.stream().mapToLong(d -> d.codePointCount(0, d.length()) + 1L).sum();
            long words = documents.stream().mapToLong(d -> Tokenizer.words().tokens(d).size() + 1L).sum();
            return new Scores(Math.exp(lossPerToken), Math.exp(nll / characters), Math.exp(nll / words));
        }
    }

    private void report(Path folder, Scores lstm, Scores ngram, int order) throws IOException {
        String table = String.format(Locale.ROOT, "model,per_token,per_character,per_word%nlstm,%.4f,%.4f,%.4f%nkneser_ney_%d,%.4f,%.4f,%.4f%n",
                lstm.perToken(), lstm.perCharacter(), lstm.perWord(), order, ngram.perToken(), ngram.perCharacter(), ngram.perWord());
        AtomicFiles.writeString(folder.resolve("perplexity.csv"), table);
        System.out.printf(Locale.ROOT, "test perplexity: LSTM %.3f per token (%.3f per character, %.2f per word); "
                + "Kneser-Ney %d-gram %.3f per token (%.3f per character, %.2f per word)%n", lstm.perToken(), lstm.perCharacter(),
                lstm.perWord(), order, ngram.perToken(), ngram.perCharacter(), ngram.perWord());
    }

    private static void writeCurves(Path folder, List<EpochMetrics> history) throws IOException {
        if (history.isEmpty()) {
            return;
        }
        double[] epochs = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("training", history.stream().mapToDouble(m -> Math.exp(m.get("train.loss"))).toArray());
        series.put("validation", history.stream().mapToDouble(m -> Math.exp(m.get("validation.loss"))).toArray());
        LineChart.writePng(folder.resolve("perplexity.png"), "Perplexity per token", "epoch", "perplexity", epochs, series, true);
    }
}
