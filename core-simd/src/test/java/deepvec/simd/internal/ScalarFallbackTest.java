package deepvec.simd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Starts JVMs the way users may: without {@code --add-modules jdk.incubator.vector}, and with
 * SIMD turned off by property. deepvec must then run its scalar kernels, say so once, and still
 * compute correctly; a bad width must fail with a message naming the allowed values.
 */
class ScalarFallbackTest {

    private static Result run(String... jvmArgs) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path") + File.pathSeparator + System.getProperty("jdk.module.path", ""));
        cmd.add(ProviderProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    private record Result(int exit, String output) {
    }

    @Test
    void withoutTheVectorModuleTheScalarKernelsRunAndSaySo() throws Exception {
        Result r = run();
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("kernels=scalar vectorized=false"), r.output());
        assertTrue(r.output().contains("deepvec: WARNING: deepvec runs its scalar kernels"), "on stderr, without slf4j: " + r.output());
        assertTrue(r.output().contains("--add-modules jdk.incubator.vector"), r.output());
        assertTrue(r.output().contains("gemm ok"), r.output());
    }

    @Test
    void requireSimdTurnsTheFallbackIntoAnError() throws Exception {
        Result r = run("-Ddeepvec.requireSimd=true");
        assertTrue(r.exit() != 0, r.output());
        assertTrue(r.output().contains("first call: java.lang.IllegalStateException")
                && r.output().contains("deepvec.requireSimd=true"), r.output());
        Result fine = run("--add-modules", "jdk.incubator.vector", "-Ddeepvec.requireSimd=true");
        assertEquals(0, fine.exit(), fine.output());
        assertTrue(fine.output().contains("vectorized=true"), fine.output());
    }

    @Test
    void propertyZeroTurnsSimdOff() throws Exception {
        Result r = run("--add-modules", "jdk.incubator.vector", "-Ddeepvec.vectorBitSize=0");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("kernels=scalar"), r.output());
    }

    @Test
    void everyVectorWidthComputesTheSameGemm() throws Exception {
        for (String bits : new String[] {"128", "256", "512"}) {
            Result r = run("--add-modules", "jdk.incubator.vector", "-Ddeepvec.vectorBitSize=" + bits);
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().contains("kernels=panama-" + bits) || r.output().contains("kernels=scalar"), r.output());
            assertTrue(r.output().contains("gemm ok"), r.output());
        }
    }

    @Test
    void anUnknownWidthIsRejectedWithTheAllowedValues() throws Exception {
        Result r = run("--add-modules", "jdk.incubator.vector", "-Ddeepvec.vectorBitSize=300");
        assertTrue(r.exit() != 0);
        assertTrue(r.output().contains("expected 0 (scalar), 128, 256 or 512"), r.output());
        assertTrue(r.output().contains("first call: java.lang.IllegalArgumentException")
                && r.output().contains("second call: java.lang.IllegalArgumentException")
                && !r.output().contains("NoClassDefFoundError"), "one clear error, every time: " + r.output());
    }
}
