package deepvec.nn.data;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of a small Fashion-MNIST training set (images and labels, plain and gzip):
 * every load either equals the original or fails with an {@link IdxFormatException} naming the
 * damaged file, without allocating beyond a small multiple of what the files hold or taking a
 * second. Pixel bytes of a plain file are not mutated: IDX has no checksum, so a changed pixel
 * is another valid file.
 */
class IdxFuzzTest {

    private static final int MUTATIONS = 1_200;
    private static final int EXAMPLES = 12;
    private static final String IMAGES = "train-images-idx3-ubyte";
    private static final String LABELS = "train-labels-idx1-ubyte";

    @TempDir
    Path dir;

    enum Kind { MAGIC, DTYPE, DIMENSIONS, EXTENTS, TRUNCATION, APPENDED_BYTES, LABEL_VALUE, GZIP_DAMAGE, GZIP_TRUNCATION }

    @Test
    void everyDamagedIdxFileIsRefusedWithItsNameOrLoadsEqual() throws IOException {
        Random random = new Random(7);
        byte[] pixels = new byte[EXAMPLES * 28 * 28];
        random.nextBytes(pixels);
        byte[] labelValues = new byte[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) {
            labelValues[i] = (byte) random.nextInt(FashionMnist.CLASSES);
        }
        byte[] images = idx(pixels, EXAMPLES, 28, 28);
        byte[] labels = idx(labelValues, EXAMPLES);
        Dataset original = load(images, labels, false);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Kind, int[]> outcomes = new EnumMap<>(Kind.class);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < MUTATIONS; i++) {
            Kind kind = Kind.values()[i % Kind.values().length];
            boolean damageImages = kind != Kind.LABEL_VALUE && random.nextBoolean();
            boolean gzip = kind == Kind.GZIP_DAMAGE || kind == Kind.GZIP_TRUNCATION || random.nextBoolean();
            byte[] target = damageImages ? images : labels;
            byte[] stored = gzip ? gzip(target) : target;
            byte[] damaged = switch (kind) {
                case GZIP_DAMAGE -> flip(stored, random.nextInt(stored.length), random);
                case GZIP_TRUNCATION, TRUNCATION -> Arrays.copyOf(stored, random.nextInt(stored.length));
                case APPENDED_BYTES -> {
                    byte[] out = Arrays.copyOf(stored, stored.length + 1 + random.nextInt(16));
                    out[out.length - 1] = (byte) (1 + random.nextInt(255));
                    yield out;
                }
                default -> {
                    byte[] edited = edit(kind, target, random);
                    yield gzip ? gzip(edited) : edited;
                }
            };
            byte[] otherStored = damageImages ? labels : images;
            long before = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            boolean refused = false;
            try {
                Dataset loaded = loadStored(damageImages ? damaged : otherStored, damageImages ? otherStored : damaged, gzip, damageImages);
                if (!Arrays.equals(loaded.features().toArray(), original.features().toArray())
                        || !Arrays.equals(loaded.labels(), original.labels())) {
                    failures.add(kind + " #" + i + ": loaded other data silently");
                }
            } catch (IdxFormatException e) {
                refused = true;
                String file = damageImages ? IMAGES : LABELS;
                if (!e.getMessage().contains(file)) {
                    failures.add(kind + " #" + i + ": the message does not name " + file + ": " + e.getMessage());
                }
            } catch (Exception | Error e) {
                failures.add(kind + " #" + i + ": threw " + e);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            long held = 4L * (pixels.length + labelValues.length);       // the float features are 4 bytes per pixel
            if (allocated > 8 * held + (4 << 20)) {
                failures.add(kind + " #" + i + ": allocated " + allocated + " bytes");
            }
            if (System.nanoTime() - start > 1_000_000_000L) {
                failures.add(kind + " #" + i + ": took more than a second");
            }
            outcomes.computeIfAbsent(kind, k -> new int[2])[refused ? 0 : 1]++;
        }
        StringBuilder table = new StringBuilder("| mutation | refused | loaded equal |\n|---|---|---|\n");
        outcomes.forEach((kind, counts) -> table.append("| ").append(kind.name().toLowerCase().replace('_', ' ')).append(" | ")
                .append(counts[0]).append(" | ").append(counts[1]).append(" |\n"));
        System.out.println(MUTATIONS + " IDX mutations:\n" + table);
        if (!failures.isEmpty()) {
            fail(failures.size() + " bad outcomes, e.g.:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        }
        assertTrue(outcomes.values().stream().mapToInt(c -> c[0]).sum() > MUTATIONS * 3 / 4, "most mutations damage the files");
    }

    @Test
    void imagesOfAnotherSizeAreRefused() throws IOException {
        byte[] labels = idx(new byte[2], 2);
        for (int[] side : new int[][] {{28, 29}, {0, 0}, {27, 28}}) {
            IdxFormatException e = org.junit.jupiter.api.Assertions.assertThrows(IdxFormatException.class,
                    () -> load(idx(new byte[2 * side[0] * side[1]], 2, side[0], side[1]), labels, false));
            assertTrue(e.getMessage().contains("expected [n, 28, 28]"), e.getMessage());
        }
    }

    private Dataset load(byte[] images, byte[] labels, boolean gzip) throws IOException {
        return loadStored(gzip ? gzip(images) : images, gzip ? gzip(labels) : labels, gzip, true);
    }

    /** Writes both files (the damaged one gzipped if {@code gzip}) and loads them. */
    private Dataset loadStored(byte[] images, byte[] labels, boolean gzip, boolean imagesGzipped) throws IOException {
        try (var old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        Files.write(dir.resolve(IMAGES + (gzip && imagesGzipped ? ".gz" : "")), images);
        Files.write(dir.resolve(LABELS + (gzip && !imagesGzipped ? ".gz" : "")), labels);
        return FashionMnist.training(dir);
    }

    private static byte[] edit(Kind kind, byte[] file, Random random) {
        byte[] out = file.clone();
        ByteBuffer b = ByteBuffer.wrap(out);
        int dims = out[3];
        switch (kind) {
            case MAGIC -> out[random.nextInt(2)] = (byte) (1 + random.nextInt(255));
            case DTYPE -> out[2] = (byte) new int[] {0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x00, 0xFF}[random.nextInt(7)];
            case DIMENSIONS -> out[3] = (byte) new int[] {0, 2, 4, 5, 127, 255, dims + 1, dims - 1}[random.nextInt(8)];
            case EXTENTS -> {
                int at = 4 + 4 * random.nextInt(dims);
                int[] values = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 30, b.getInt(at) + 1, b.getInt(at) - 1, b.getInt(at) * 2,
                    46_000};
                b.putInt(at, values[random.nextInt(values.length)]);
            }
            case LABEL_VALUE -> out[8 + random.nextInt(out.length - 8)] = (byte) (FashionMnist.CLASSES + random.nextInt(256 - FashionMnist.CLASSES));
            default -> throw new IllegalArgumentException(kind.name());
        }
        return out;
    }

    private static byte[] flip(byte[] file, int at, Random random) {
        byte[] out = file.clone();
        out[at] ^= (byte) (1 + random.nextInt(255));
        return out;
    }

    private static byte[] idx(byte[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + values.length);
        b.putInt(0x0800 | shape.length);
        for (int d : shape) {
            b.putInt(d);
        }
        return b.put(values).array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }
}
