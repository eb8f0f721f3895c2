package deepvec.cli;

import deepvec.simd.ComputePool;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import jdk.incubator.vector.FloatVector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deepvec demo}: checks every kernel against an oracle, trains the reference CNN on
 * Fashion-MNIST with a progress bar (batch 64, Adam with the rate decaying linearly to 1e-5),
 * evaluates it on the test set, then measures GEMM speed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Self-check the kernels, train and evaluate the reference CNN on Fashion-MNIST (checkpoint and plots under --out), "
                + "then report GEMM speed (JMH, about a minute).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--no-bench", description = "skip the speed report")
    boolean noBench;

    @Option(names = "--epochs", description = "training epochs", defaultValue = "15")
    int epochs;

    @Option(names = "--out", description = "output folder", defaultValue = "runs/demo")
    Path out;

    @Mixin
    PluginOption plugins;

    @Override
    public Integer call() throws Exception {
        System.out.println("deepvec demo on JDK " + Runtime.version() + ", " + ComputePool.shared().threads()
                + " threads, " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors");
        System.out.println("Kernel self-check:");
        int failures = new SelfCheck(System.out).run();
        if (failures > 0) {
            System.out.println(failures + " check(s) failed");
            return 1;
        }
        System.out.println();
        TrainCommand training = new CommandLine(new TrainCommand()).getCommand();
        List<String> args = new java.util.ArrayList<>(List.of("--model", "cnn", "--epochs", Integer.toString(epochs), "--out",
                out.toString()));
        if (plugins.folder != null) {
            args.addAll(List.of("--plugins", plugins.folder.toString()));
        }
        new CommandLine(training).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
        int trained = training.call();              // the cnn recipe: batch 64, Adam, 1e-3 decaying to 1e-5
        if (trained != 0) {
            return trained;
        }
        System.out.println("checkpoint, model description, metrics.csv and plots (loss, accuracy, confusion, filters) in "
                + out.toAbsolutePath());
        if (noBench) {
            return 0;
        }
        System.out.println();
        return BenchRunner.run(List.of("--gemm"));
    }
}
