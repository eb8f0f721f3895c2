package deepvec.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** The options of {@code deepvec train --model seq2seq}. */
final class Seq2SeqOptions {

    /** The synthetic tasks. */
    enum Task { reverse, addition }

    /** Which decoders to train: with attention, without, or both (to compare them by length). */
    enum AttentionChoice { both, on, off }

    @Option(names = "--task", description = "seq2seq: reverse (digit strings of length 5-15) or addition (two 5-digit numbers)",
            defaultValue = "reverse")
    Task task;

    @Option(names = "--attention", description = "seq2seq: train with additive attention (on), without (off) or both and compare "
            + "them by length", defaultValue = "both")
    AttentionChoice attention;

    @Option(names = "--beam", description = "seq2seq: beam width for decoding the test set (1 is greedy)",
            defaultValue = "5")
    int beam;

    @Option(names = "--length-penalty", description = "seq2seq: alpha of the beam's length normalisation log P / |y|^alpha",
            defaultValue = "1.0")
    double lengthPenalty;

    @Option(names = "--train-examples", description = "seq2seq: synthetic training examples (default: the task's recipe)")
    Integer trainExamples;

    void check(OptionChecks checks) {
        checks.atLeast("--beam", beam, 1).atLeast("--train-examples", trainExamples, 1)
                .require(lengthPenalty >= 0 && Double.isFinite(lengthPenalty), "--length-penalty is " + lengthPenalty
                        + "; expected a finite value >= 0");
    }

    void record(Map<String, String> settings) {
        settings.put("cli.task", task.name());
        settings.put("cli.attention", attention.name());
        settings.put("cli.train_examples", Integer.toString(trainExamples));
    }
}
