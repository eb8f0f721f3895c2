package deepvec.simd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Kernels give the same bits interpreted and JIT-compiled. The Vector API's own lane reduction
 * has an unspecified order that differs between the two, which made training runs with the same
 * seed diverge depending on what had been compiled when; the kernels now sum lanes in order.
 */
class JitIndependenceTest {

    @Test
    void anInterpretedJvmComputesTheSameBitsAsACompiledOne() throws Exception {
        String compiled = null;
        for (int i = 0; i < 300; i++) {           // enough calls for C2 to compile the kernels
            compiled = ReductionProbe.fingerprint();
        }
        List<String> cmd = List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xint", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path") + File.pathSeparator + System.getProperty("jdk.module.path", ""),
                ReductionProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("fingerprint=" + compiled), "compiled: " + compiled + "\ninterpreted: " + out);
    }
}
