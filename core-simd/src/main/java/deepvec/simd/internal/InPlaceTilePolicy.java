package deepvec.simd.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether GEMM reads a few rows of A in place with the in-place tile ({@link GemmKernels#directTile}) or packs
 * them for the tile of packed panels, decided once per JVM for the CPU it runs on. Both give the same bits of C,
 * so the choice is about speed only.
 *
 * <p>The in-place tile, 4 rows by 4 vectors, reads a kc x 64 panel of B for every 4 rows of A: 256 bytes per
 * 16 fused multiply-adds, more than L1 holds at kc = 288, so the panel streams from L2. With one 512-bit FMA per
 * cycle (AMD Zen 4, which splits 512-bit operations into halves) L2 keeps up, and skipping the transpose of A
 * won 4-5% of an LSTM step (stop 28). With two 512-bit FMA pipes the same tile needs twice the L2 bandwidth and
 * falls behind the packed 12 x 32 tile, whose 36 KiB panel of B stays in L1: measured on an Intel Xeon with
 * AVX-512 and AMX (48 KiB L1d, 2 MiB L2), packing A made 64 x 12544 x 288 25% faster, 64 x 512 x 128 20% and
 * the LSTM step 10% (stop 30). So the in-place tile is the default only where it was measured to win: AMD
 * family 25 with 512-bit vectors. {@code -Ddeepvec.gemm.inPlaceA=true|false} overrides the rule.
 */
final class InPlaceTilePolicy {

    /** System property that overrides the rule: {@code true} or {@code false}. */
    static final String PROPERTY = "deepvec.gemm.inPlaceA";
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final int ZEN_FAMILY = 25;

    private InPlaceTilePolicy() {
    }

    /** The decision for this JVM: the property if set, else the rule on this CPU's /proc/cpuinfo (false where it cannot be read). */
    static boolean readInPlace(int vectorBits) {
        return override().orElseGet(() -> {
            try (Stream<String> lines = Files.lines(CPUINFO)) {
                return ruleFor(lines.takeWhile(line -> !line.isBlank()).toList(), vectorBits);   // the first processor's block
            } catch (IOException | UncheckedIOException e) { // not Linux, or not readable: the packed tile, right on most CPUs
                return false;
            }
        });
    }

    /**
     * The value of {@code -Ddeepvec.gemm.inPlaceA}, empty when unset.
     *
     * @throws IllegalArgumentException for a value other than true or false
     */
    static Optional<Boolean> override() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " is not a boolean; expected true or false");
        };
    }

    /** The rule on the lines of a /proc/cpuinfo: the first processor's vendor and family, and the vector width in use. */
    static boolean ruleFor(List<String> cpuinfo, int vectorBits) {
        String vendor = field(cpuinfo, "vendor_id");
        String family = field(cpuinfo, "cpu family");
        return vectorBits == 512 && "AuthenticAMD".equals(vendor) && String.valueOf(ZEN_FAMILY).equals(family);
    }

    private static String field(List<String> cpuinfo, String name) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
