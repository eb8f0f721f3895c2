package deepvec.cli;

import deepvec.nn.text.Fortunes;
import deepvec.nn.text.Tokenizer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of {@code deepvec train --model charlm|wordlm}. */
final class LanguageModelOptions {

    @Option(names = "--text", description = "folder of fortune files (default: $DEEPVEC_FORTUNES, else /usr/share/games/fortunes, "
            + "Debian's 'fortunes')")
    Path text;

    @Option(names = "--steps", description = "language models: time steps per training chunk (default: the model's recipe)")
    Integer steps;

    @Option(names = "--hidden", description = "language models and seq2seq: LSTM units (default: the model's recipe)")
    Integer hidden;

    @Option(names = "--embedding", description = "language models: embedding size (default: 32 for characters, 128 for words)")
    Integer embedding;

    @Option(names = "--min-count", description = "language models: keep tokens seen this often, the others become <unk> "
            + "(default: 1 for characters, 2 for words)")
    Integer minCount;

    Path textDirectory() {
        return text != null ? text : Fortunes.defaultDirectory();
    }

    int embedding(Tokenizer tokenizer) {
        return embedding != null ? embedding : tokenizer == Tokenizer.characters() ? 32 : 128;
    }

    int minCount(Tokenizer tokenizer) {
        return minCount != null ? minCount : tokenizer == Tokenizer.characters() ? 1 : 2;
    }

    /** The options checked before anything is read. */
    void check(OptionChecks checks) {
        checks.atLeast("--steps", steps, 1).atLeast("--hidden", hidden == null ? 1 : hidden, 1)
                .atLeast("--embedding", embedding == null ? 1 : embedding, 1)
                .atLeast("--min-count", minCount == null ? 1 : minCount, 1);
    }

    /** What makes a language-model run what it is, for its checkpoints. */
    void record(Map<String, String> settings, Tokenizer tokenizer) {
        settings.put("cli.tokenizer", tokenizer.name().toLowerCase(Locale.ROOT));
        settings.put("cli.steps", Integer.toString(steps));
        settings.put("cli.hidden", Integer.toString(hidden));
        settings.put("cli.embedding", Integer.toString(embedding(tokenizer)));
        settings.put("cli.min_count", Integer.toString(minCount(tokenizer)));
    }
}
