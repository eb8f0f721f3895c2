package deepvec.simd.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every vector kernel compiles at every JIT tier. A kernel too large for C1 ("out of virtual
 * registers") is left at a tier where the Vector API is not intrinsified: it keeps working, but
 * boxes every vector, and once made a 2-thread LSTM step allocate 59 MB instead of 4. The JVM
 * says so only in its compilation log, which this test reads.
 */
class KernelCompilationTest {

    @Test
    void noKernelIsSkippedByTheJit() throws Exception {
        String out = ChildJvm.run(CompilationProbe.class, "-XX:+PrintCompilation");
        assertTrue(out.contains("done ok"), out);
        List<String> skipped = out.lines().filter(l -> l.contains("deepvec.") && l.contains("COMPILE SKIPPED")).toList();
        assertTrue(skipped.isEmpty(), "kernels the JIT gave up on:\n" + String.join("\n", skipped));
    }
}
