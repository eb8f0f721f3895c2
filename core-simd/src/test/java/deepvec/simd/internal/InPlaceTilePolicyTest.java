package deepvec.simd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The CPU rule for reading A in place, its override, and the same bits of C whichever way A is read. */
class InPlaceTilePolicyTest {

    private static final List<String> ZEN4 = List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 25",
            "model\t\t: 17", "model name\t: AMD EPYC 9R14");
    private static final List<String> XEON = List.of("processor\t: 0", "vendor_id\t: GenuineIntel", "cpu family\t: 6",
            "model\t\t: 143", "model name\t: Intel(R) Xeon(R) Processor");
    private static final List<String> ZEN5 = List.of("vendor_id\t: AuthenticAMD", "cpu family\t: 26");

    @Test
    void onlyZen4With512BitVectorsReadsAInPlace() {
        assertTrue(InPlaceTilePolicy.ruleFor(ZEN4, 512));
        assertFalse(InPlaceTilePolicy.ruleFor(ZEN4, 256), "measured with 512-bit vectors only");
        assertFalse(InPlaceTilePolicy.ruleFor(XEON, 512));
        assertFalse(InPlaceTilePolicy.ruleFor(ZEN5, 512), "two 512-bit FMA pipes, like the Xeon");
        assertFalse(InPlaceTilePolicy.ruleFor(List.of(), 512), "an unknown CPU packs A");
    }

    @Test
    void aBadOverrideIsRejectedByName() {
        String before = System.getProperty(InPlaceTilePolicy.PROPERTY);
        System.setProperty(InPlaceTilePolicy.PROPERTY, "sometimes");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InPlaceTilePolicy.readInPlace(512));
            assertTrue(e.getMessage().contains("deepvec.gemm.inPlaceA=sometimes") && e.getMessage().contains("true or false"),
                    e.getMessage());
            System.setProperty(InPlaceTilePolicy.PROPERTY, " TRUE ");
            assertTrue(InPlaceTilePolicy.readInPlace(256));
            System.setProperty(InPlaceTilePolicy.PROPERTY, "false");
            assertFalse(InPlaceTilePolicy.readInPlace(512));
        } finally {
            if (before == null) {
                System.clearProperty(InPlaceTilePolicy.PROPERTY);
            } else {
                System.setProperty(InPlaceTilePolicy.PROPERTY, before);
            }
        }
    }

    @Test
    void readingAInPlaceOrPackedGivesTheSameBits() throws Exception {
        String inPlace = ChildJvm.run(InPlaceTileProbe.class, "-D" + InPlaceTilePolicy.PROPERTY + "=true");
        String packed = ChildJvm.run(InPlaceTileProbe.class, "-D" + InPlaceTilePolicy.PROPERTY + "=false");
        boolean simd = KernelProvider.kernels() != KernelProvider.scalar();
        assertTrue(inPlace.contains("inPlace=true"), inPlace);
        assertTrue(packed.contains(simd ? "inPlace=false" : "inPlace=true"), packed);   // the scalar twin always reads in place
        assertEquals(line(inPlace, "fingerprint="), line(packed, "fingerprint="));
        assertEquals(line(inPlace, "fingerprint="), "fingerprint=" + InPlaceTileProbe.fingerprint(), "and this JVM's");
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(output));
    }
}
