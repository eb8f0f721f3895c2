package deepvec.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepvec bench}: the JMH benchmark report as one table. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure GEMM against OpenBLAS (when installed), the reference CNN's convolutions, the elementwise "
                + "kernels against the scalar reference, and the Fashion-MNIST MLP's and CNN's training throughput, with JMH, "
                + "and print the tables.",
                "The default is a short run (about 4 minutes); --full runs every shape at 1 and 2 threads (about 25 minutes)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--full", description = "every shape and size, with full warm-up and measurement")
    boolean full;

    @Option(names = "--training", description = "only the MLP and CNN training and inference throughput")
    boolean training;

    @Option(names = "--conv", description = "only the convolution layers")
    boolean conv;

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>();
        args.add(full ? "--full" : "--quick");
        if (training) {
            args.add("--training");
        }
        if (conv) {
            args.add("--conv");
        }
        return BenchRunner.run(args);
    }
}
