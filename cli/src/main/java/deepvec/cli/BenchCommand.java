package deepvec.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepvec bench}: the JMH benchmark report as one table. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure GEMM against OpenBLAS (when installed) and the elementwise kernels against the scalar "
                + "reference, with JMH, and print one table.",
                "The default is a short run (about 2 minutes); --full runs every shape at 1 and 2 threads (about 20 minutes)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--full", description = "every shape and size, with full warm-up and measurement")
    boolean full;

    @Override
    public Integer call() throws Exception {
        return BenchRunner.run(List.of(full ? "--full" : "--quick"));
    }
}
