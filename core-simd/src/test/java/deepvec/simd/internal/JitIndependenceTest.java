package deepvec.simd.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
        String out = ChildJvm.run(ReductionProbe.class, "-Xint");
        assertTrue(out.contains("fingerprint=" + compiled), "compiled: " + compiled + "\ninterpreted: " + out);
    }
}
