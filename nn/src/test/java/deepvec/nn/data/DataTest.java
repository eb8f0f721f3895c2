package deepvec.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import deepvec.simd.Reduce;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTest {

    private static byte[] idx(int[] shape, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000800 | shape.length);
        for (int d : shape) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    private static void write(Path path, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(path)) : Files.newOutputStream(path)) {
            out.write(content);
        }
    }

    /** A tiny Fashion-MNIST-shaped folder: n images of 28 x 28 pixels. */
    private static void fakeMnist(Path dir, String prefix, int images, int labels, boolean gzip) throws IOException {
        byte[] pixels = new byte[images * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37);
        }
        byte[] ys = new byte[labels];
        for (int i = 0; i < labels; i++) {
            ys[i] = (byte) (i % 10);
        }
        String ext = gzip ? ".gz" : "";
        write(dir.resolve(prefix + "-images-idx3-ubyte" + ext), idx(new int[] {images, 28, 28}, pixels), gzip);
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + ext), idx(new int[] {labels}, ys), gzip);
    }

    @Test
    void readsPlainAndGzippedIdx(@TempDir Path dir) throws IOException {
        fakeMnist(dir, "train", 5, 5, true);
        fakeMnist(dir, "t10k", 3, 3, false);
        Dataset train = FashionMnist.training(dir);
        Dataset test = FashionMnist.test(dir);
        assertArrayEquals(new int[] {5, 784}, train.features().shape());
        assertArrayEquals(new int[] {0, 1, 2}, test.labels());
        assertEquals((37 & 0xFF) / 255f, train.features().get(0, 1));
        assertEquals(((785 * 37) & 0xFF) / 255f, test.features().get(1, 1));
    }

    @Test
    void rejectsBadFilesWithTheReason(@TempDir Path dir) throws IOException {
        write(dir.resolve("bad"), new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0}, false);   // floats: unsupported
        IdxFormatException magic = assertThrows(IdxFormatException.class, () -> IdxFile.read(dir.resolve("bad")));
        assertTrue(magic.getMessage().contains("magic number"), magic.getMessage());
        byte[] whole = idx(new int[] {10}, new byte[10]);
        write(dir.resolve("short"), Arrays.copyOf(whole, whole.length - 3), false);
        IdxFormatException truncated = assertThrows(IdxFormatException.class, () -> IdxFile.read(dir.resolve("short")));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        write(dir.resolve("long"), Arrays.copyOf(whole, whole.length + 2), false);
        assertThrows(IdxFormatException.class, () -> IdxFile.read(dir.resolve("long")));
        fakeMnist(dir, "train", 5, 4, false);
        IdxFormatException counts = assertThrows(IdxFormatException.class, () -> FashionMnist.training(dir));
        assertTrue(counts.getMessage().contains("holds 4 labels for the 5 images"), counts.getMessage());
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> FashionMnist.test(dir));
        assertTrue(missing.getMessage().contains("dataset-fashion-mnist"), missing.getMessage());
    }

    @Test
    void damagedGzipHugeDeclaredCountsAndOtherImageSizesAreRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        byte[] gz;
        try (var bytes = new java.io.ByteArrayOutputStream(); var out = new GZIPOutputStream(bytes)) {
            out.write(idx(new int[] {100}, new byte[100]));
            out.finish();
            gz = bytes.toByteArray();
        }
        gz[gz.length / 2] ^= 0x55;                                   // damage inside the deflate stream
        Files.write(dir.resolve("damaged.gz"), gz);
        IdxFormatException damaged = assertThrows(IdxFormatException.class, () -> IdxFile.read(dir.resolve("damaged.gz")));
        assertTrue(damaged.getMessage().contains("damaged.gz"), damaged.getMessage());
        // a 12-byte file declaring 2^31 - 9 labels: refused before anything that size is allocated
        Files.write(dir.resolve("huge"), new byte[] {0, 0, 8, 1, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF7, 1, 2, 3, 4});
        IdxFormatException huge = assertThrows(IdxFormatException.class, () -> IdxFile.read(dir.resolve("huge")));
        assertTrue(huge.getMessage().contains("truncated"), huge.getMessage());
        write(dir.resolve("hugegz.gz"), new byte[] {0, 0, 8, 1, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF7, 1, 2, 3, 4}, true);
        assertThrows(IdxFormatException.class, () -> IdxFile.read(dir.resolve("hugegz.gz")));
        write(dir.resolve("train-images-idx3-ubyte"), idx(new int[] {2, 28, 29}, new byte[2 * 28 * 29]), false);
        write(dir.resolve("train-labels-idx1-ubyte"), idx(new int[] {2}, new byte[2]), false);
        IdxFormatException size = assertThrows(IdxFormatException.class, () -> FashionMnist.training(dir));
        assertTrue(size.getMessage().contains("[2, 28, 29]") && size.getMessage().contains("[n, 28, 28]"), size.getMessage());
    }

    @Test
    void realFashionMnistHasItsPublishedCounts() throws IOException {
        assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIRECTORY),
                "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist); skipping the real-data check");
        Dataset train = FashionMnist.training(FashionMnist.DEBIAN_DIRECTORY);
        Dataset test = FashionMnist.test(FashionMnist.DEBIAN_DIRECTORY);
        assertArrayEquals(new int[] {60_000, 784}, train.features().shape());
        assertArrayEquals(new int[] {10_000, 784}, test.features().shape());
        int[] perClass = new int[10];
        for (int y : train.labels()) {
            perClass[y]++;
        }
        int[] perTestClass = new int[10];
        for (int y : test.labels()) {
            perTestClass[y]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(6_000, perClass[c], "class " + c);        // the dataset is balanced by construction
            assertEquals(1_000, perTestClass[c], "test class " + c);
        }
        assertEquals(1f, Reduce.max(train.features()));
        assertEquals(0f, -Reduce.max(deepvec.simd.Elementwise.scale(train.features(), -1f)));
    }

    @Test
    void loaderVisitsEveryExampleOncePerEpochReproducibly() {
        Tensor x = Tensor.zeros(10, 1);
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x.set(i, i, 0);
            y[i] = i % 3;
        }
        Dataset data = Dataset.of(x, y);
        DataLoader a = new DataLoader(data, 4, true, Rng.seeded(9));
        DataLoader b = new DataLoader(data, 4, true, Rng.seeded(9));
        assertEquals(3, a.batchesPerEpoch(0));
        List<Batch> first = a.epoch(0);
        assertEquals(List.of(4, 4, 2), first.stream().map(Batch::size).toList());
        float[] seen = new float[10];
        for (Batch batch : first) {
            for (int i = 0; i < batch.size(); i++) {
                int id = (int) batch.features().get(i, 0);
                seen[id]++;
                assertEquals(id % 3, batch.labels()[i]);            // labels travel with their rows
            }
        }
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, seen);
        assertEquals(order(first), order(b.epoch(0)));
        assertEquals(order(a.epoch(1)), order(b.epoch(1)), "an epoch can be replayed on its own");
        assertFalse(order(first).equals(order(a.epoch(1))), "a new epoch gets a new order");
        assertEquals(List.of(0f, 1f, 2f, 3f), order(DataLoader.sequential(data, 4).epoch(0)).subList(0, 4));
    }

    private static List<Float> order(List<Batch> batches) {
        return batches.stream().flatMap(d -> {
            Float[] v = new Float[d.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = d.features().get(i, 0);
            }
            return Arrays.stream(v);
        }).toList();
    }

    @Test
    void splitsAndValidation() {
        Dataset data = Dataset.of(Rng.seeded(2).uniform(0f, 1f, 100, 3), new int[100]);
        Dataset.Split split = data.split(0.2, Rng.seeded(3));
        assertEquals(80, split.training().size());
        assertEquals(20, split.validation().size());
        assertThrows(ShapeException.class, () -> Dataset.of(Tensor.zeros(3, 2), new int[2]));
        Tensor withNaN = Tensor.zeros(2, 2);
        withNaN.set(Float.NaN, 1, 0);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> Dataset.of(withNaN, new int[2]));
        assertTrue(nan.getMessage().contains("example 1"), nan.getMessage());
    }
}
