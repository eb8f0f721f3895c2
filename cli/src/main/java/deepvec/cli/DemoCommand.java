package deepvec.cli;

import deepvec.simd.ComputePool;
import java.util.List;
import java.util.concurrent.Callable;
import jdk.incubator.vector.FloatVector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepvec demo}: checks every kernel against an oracle, then measures GEMM speed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Self-check the kernels against independent references, then report GEMM speed (JMH, about a minute).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--no-bench", description = "skip the speed report")
    boolean noBench;

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
        if (noBench) {
            return 0;
        }
        System.out.println();
        return BenchRunner.run(List.of("--gemm"));
    }
}
