package deepvec.cli;

import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.layer.Layer;
import deepvec.nn.text.TextSampler;
import deepvec.nn.text.Tokenizer;
import deepvec.nn.text.Vocabulary;
import deepvec.simd.random.Rng;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deepvec sample}: text from a language model written by {@code deepvec train --model charlm|wordlm}. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate text from a language-model checkpoint (deepvec train --model charlm|wordlm).")
final class SampleCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, description = "model.safetensors (or an epoch checkpoint) of a language model")
    Path checkpoint;

    @Option(names = "--length", description = "tokens to generate at most", defaultValue = "300")
    int length;

    @Option(names = "--temperature", description = "below 1 sharper, above 1 more varied, 0 the most probable token",
            defaultValue = "0.8")
    double temperature;

    @Option(names = "--prefix", description = "text to continue (default: a new text)", defaultValue = "")
    String prefix;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Mixin
    PluginOption plugins;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        new OptionChecks().atLeast("--length", length, 1).nonNegative("--temperature", temperature).throwIfAny(spec.commandLine());
        Map<String, String> settings = Checkpoint.settings(checkpoint);
        String tokenizerName = settings.get("cli.tokenizer");
        if (tokenizerName == null || settings.get("cli.steps") == null) {
            throw new IllegalArgumentException(checkpoint + " is not a language model written by deepvec train --model charlm|wordlm "
                    + "(its settings name no tokenizer)");
        }
        Tokenizer tokenizer = Tokenizer.valueOf(tokenizerName.toUpperCase(Locale.ROOT));
        Layer model = Checkpoint.loadModel(checkpoint, plugins.registry().layers());
        Vocabulary vocabulary = Vocabulary.build(List.of(), 1);
        Checkpoint.loadState(checkpoint, LanguageModelTraining.VOCABULARY, vocabulary);
        List<String> start = tokenizer.tokens(prefix);
        int[] ids = start.stream().mapToInt(vocabulary::id).toArray();
        int[] text;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("sampling").setInitialMax(length).setUnit(" tokens", 1).showSpeed()
                .setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(100).build()) {
            text = TextSampler.carryingState(model).sample(ids, length, temperature, Rng.seeded(seed),
                    id -> bar.step());
        }
        List<String> all = new ArrayList<>(start);
        all.addAll(vocabulary.decode(text));
        System.out.println(tokenizer.join(all));
        return 0;
    }
}
