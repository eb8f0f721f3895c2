package deepvec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** The README's Java blocks, by the name of their public class. */
    private static Map<String, String> examples() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        Map<String, String> sources = new LinkedHashMap<>();
        while (block.find()) {
            Matcher name = Pattern.compile("public class (\\w+)").matcher(block.group(1));
            assertTrue(name.find(), "a README Java block without a public class");
            sources.put(name.group(1), block.group(1));
        }
        return sources;
    }

    /** Compiles and runs one README example; returns what it printed. */
    private static String compileAndRun(Path dir, String className, String code) throws Exception {
        Path source = dir.resolve(className + ".java");
        Files.writeString(source, code);
        String compiled = run(List.of(tool("javac"), "-d", dir.toString(), "-cp", dependencies(), source.toString()));
        assertEquals("", compiled, "the README example " + className + " does not compile");
        return run(List.of(tool("java"), "--add-modules", "jdk.incubator.vector", "-cp", dir + File.pathSeparator + dependencies(),
                className));
    }

    @Test
    void readmeExamplesCompileAndRun(@TempDir Path dir) throws Exception {
        Map<String, String> examples = examples();
        assertEquals(List.of("Example", "Regression"), List.copyOf(examples.keySet()));

        String output = compileAndRun(dir, "Example", examples.get("Example"));
        Matcher sum = Pattern.compile("hidden \\[64, 256\\], first row of p sums to ([0-9.]+)").matcher(output);
        assertTrue(sum.find(), output);
        assertEquals(1.0, Double.parseDouble(sum.group(1)), 1e-5);

        String trained = compileAndRun(dir, "Regression", examples.get("Regression"));
        Matcher fit = Pattern.compile("slope ([0-9.-]+), intercept ([0-9.-]+) after 40 epochs").matcher(trained);
        assertTrue(fit.find(), trained);
        assertEquals(3.0, Double.parseDouble(fit.group(1)), 0.01, "y = 3 x + 0.5");
        assertEquals(0.5, Double.parseDouble(fit.group(2)), 0.01);
    }
}
