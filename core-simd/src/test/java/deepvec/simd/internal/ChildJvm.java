package deepvec.simd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe's main class in a fresh JVM with this test's class path, the Vector API and its
 * {@code deepvec.*} properties (so the same kernels), for tests that need JIT flags.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /** The probe's output (stdout and stderr together), after checking it exited with 0 within two minutes. */
    static String run(Class<?> main, String... jvmOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        cmd.addAll(List.of(jvmOptions));
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("deepvec.")).sorted()
                .forEach(name -> cmd.add("-D" + name + "=" + System.getProperty(name)));   // the same kernels as this JVM
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path") + File.pathSeparator + System.getProperty("jdk.module.path", ""), main.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), main.getSimpleName() + " did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
