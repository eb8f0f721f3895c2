package deepvec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java example in README.md compiles against the built modules and prints what it says. */
class ReadmeExampleTest {

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** Runs a JDK tool, failing on a non-zero exit; returns its output without JVM warnings. */
    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), output);
        return output.lines().filter(l -> !l.startsWith("WARNING:") && !l.contains("incubat")).reduce("", (a, b) -> a + b + "\n");
    }

    private static String dependencies() {
        return System.getProperty("jdk.module.path", "") + File.pathSeparator + System.getProperty("java.class.path");
    }

    @Test
    void readmeExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README.md has no ```java block");
        Path source = dir.resolve("Example.java");
        Files.writeString(source, block.group(1));

        String compiled = run(List.of(tool("javac"), "-d", dir.toString(), "-cp", dependencies(), source.toString()));
        assertEquals("", compiled, "the README example does not compile");

        String output = run(List.of(tool("java"), "--add-modules", "jdk.incubator.vector",
                "-cp", dir + File.pathSeparator + dependencies(), "Example"));
        Matcher sum = Pattern.compile("hidden \\[64, 256\\], first row of p sums to ([0-9.]+)").matcher(output);
        assertTrue(sum.find(), output);
        assertEquals(1.0, Double.parseDouble(sum.group(1)), 1e-5);
    }
}
