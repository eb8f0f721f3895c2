package deepvec.cli;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts the JMH report of the bench module in a child JVM on the class path. JMH forks a JVM
 * per benchmark with the parent's class path, so it cannot run from the module path the
 * command line itself uses.
 */
final class BenchRunner {

    private static final String REPORT_CLASS = "deepvec.bench.BenchReport";

    private BenchRunner() {
    }

    /** Runs the report with {@code args} and returns its exit status; output goes to this console. */
    static int run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--sun-misc-unsafe-memory-access=allow"); // JMH uses sun.misc.Unsafe
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(REPORT_CLASS);
        cmd.addAll(args);
        Process process = new ProcessBuilder(cmd).inheritIO().start();
        return process.waitFor();
    }

    /** Every jar next to this command's own jar (the launcher's lib folder). */
    private static String classPath() throws IOException {
        Path libDir = libraryFolder();
        try (Stream<Path> jars = Files.list(libDir)) {
            List<String> paths = jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
            if (paths.stream().noneMatch(p -> p.contains("deepvec-bench"))) {
                throw new IOException("the benchmark jar is missing from " + libDir + "; rebuild with ./deepvec (mvn package)");
            }
            return String.join(File.pathSeparator, paths);
        }
    }

    private static Path libraryFolder() throws IOException {
        try {
            return Path.of(BenchRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the deepvec jars", e);
        }
    }
}
