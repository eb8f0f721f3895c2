package deepvec.cli;

import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.data.Dataset;
import deepvec.nn.data.FashionMnist;
import deepvec.nn.layer.Layer;
import deepvec.nn.train.Evaluation;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deepvec eval}: a checkpoint's accuracy on the Fashion-MNIST test set. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a checkpoint on the Fashion-MNIST test set (accuracy, loss, confusion matrix PNG).")
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, description = "a .safetensors file written by deepvec train")
    Path checkpoint;

    @Mixin
    DataOption data;

    @Option(names = "--fgsm", description = "also evaluate under the fast gradient sign attack with this epsilon", defaultValue = "0")
    float fgsmEpsilon;

    @Option(names = "--out", description = "folder for confusion.png (default: the checkpoint's folder)")
    Path out;

    @Mixin
    PluginOption plugins;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        new OptionChecks().nonNegative("--fgsm", fgsmEpsilon).throwIfAny(spec.commandLine());
        Layer model = Checkpoint.loadModel(checkpoint, plugins.registry().layers());
        Dataset test = FashionMnist.test(data.directory());
        Path folder = out != null ? out : checkpoint.toAbsolutePath().getParent();
        TrainCommand.report(Evaluation.of(model, test, FashionMnist.CLASSES, 1000), folder);
        if (fgsmEpsilon > 0) {
            Evaluation attacked = Evaluation.underAttack(model, test, FashionMnist.CLASSES, 1000, fgsmEpsilon);
            System.out.printf(Locale.ROOT, "under FGSM attack (epsilon %.3f): accuracy %.4f, loss %.4f%n", fgsmEpsilon,
                    attacked.accuracy(), attacked.loss());
        }
        return 0;
    }
}
