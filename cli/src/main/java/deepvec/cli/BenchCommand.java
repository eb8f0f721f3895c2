package deepvec.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepvec bench}: the JMH benchmark report as one table. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure GEMM against OpenBLAS (when installed) and the elementwise kernels against the scalar "
                + "reference, and the Fashion-MNIST MLP's training throughput, with JMH, and print the tables.",
                "The default is a short run (about 2 minutes); --full runs every shape at 1 and 2 threads (about 20 minutes)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--full", description = "every shape and size, with full warm-up and measurement")
    boolean full;

    @Option(names = "--training", description = "only the MLP training and inference throughput (about 1 minute)")
    boolean training;

    @Override
    public Integer call() throws Exception {
        return BenchRunner.run(List.of(training ? "--training" : full ? "--full" : "--quick"));
    }
}
