package deepvec.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Activation;
import deepvec.nn.layer.Dropout;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.nn.layer.LayerRegistry;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Sequential;
import deepvec.nn.layer.UnknownLayerTypeException;
import deepvec.nn.optim.Adam;
import deepvec.nn.optim.Sgd;
import deepvec.simd.IntTensor;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safetensors layout, round trips, and every way a file can be damaged. */
class CheckpointTest {

    @TempDir
    Path dir;

    private static Sequential mlp(long seed) {
        Rng rng = Rng.seeded(seed);
        return new Sequential(new Linear(5, 7, rng), Activation.relu(), new Dropout(0.2f, 11), new Linear(7, 3, rng));
    }

    @Test
    void theFileIsSafetensorsAsTheFormatDefinesIt() throws IOException {
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        tensors.put("a", StoredTensor.of(Tensor.of(new float[] {1f, -2f, 3.5f, 0f, 5f, 6f}, 2, 3)));
        tensors.put("b", StoredTensor.of(Tensor.of(new float[] {7f}, 1)));
        Path file = dir.resolve("t.safetensors");
        Safetensors.write(file, tensors, Map.of("note", "hello"));
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long n = bytes.getLong(0);
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(bytes.array(), 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}")
                || header.contains("\"data_offsets\":[0,24]"), header);
        assertTrue(header.contains("\"note\":\"hello\""), header);
        assertEquals(8 + n + 28, Files.size(file));
        assertEquals(3.5f, bytes.getFloat(8 + (int) n + 8), "raw little-endian floats after the header");
        assertEquals(7f, bytes.getFloat(8 + (int) n + 24));
        Safetensors.Contents back = Safetensors.read(file);
        assertArrayEquals(tensors.get("a").toTensor().toArray(), back.floats("a").toArray(), 0f);
        assertArrayEquals(new int[] {2, 3}, back.tensors().get("a").shape());
        assertEquals("hello", back.metadata().get("note"));
    }

    @Test
    void aSavedModelLoadsWithoutCodeAndComputesTheSameFunction() throws IOException {
        Sequential model = mlp(1);
        Path file = dir.resolve("model.safetensors");
        Checkpoint.save(file, model, LayerRegistry.standard());
        Layer loaded = Checkpoint.loadModel(file, LayerRegistry.standard());
        Tensor x = Rng.seeded(2).uniform(-1f, 1f, 4, 5);
        assertArrayEquals(model.predict(x).toArray(), loaded.predict(x).toArray(), 0f);
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file stays behind");
        }
    }

    @Test
    void truncatedFilesAreRejectedAtEveryLength() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Sequential saved = mlp(1);
        Checkpoint.save(file, Checkpoint.Components.of(saved, new Adam(saved.namedParameters(), 1e-3f)), 2, LayerRegistry.standard());
        byte[] whole = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.safetensors");
        for (int length : new int[] {0, 5, 8, 20, 200, whole.length / 2, whole.length - 4, whole.length - 1}) {
            Files.write(cut, Arrays.copyOf(whole, length));
            CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                    () -> Checkpoint.loadModel(cut, LayerRegistry.standard()), "length " + length);
            assertEquals(cut, e.file());
        }
    }

    @Test
    void damagedDataOrHeaderIsDetected() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Checkpoint.save(file, mlp(1), LayerRegistry.standard());
        byte[] whole = Files.readAllBytes(file);
        byte[] dataFlip = whole.clone();
        dataFlip[whole.length - 10] ^= 0x10;
        Files.write(file, dataFlip);
        CorruptCheckpointException checksum = assertThrows(CorruptCheckpointException.class,
                () -> Checkpoint.loadModel(file, LayerRegistry.standard()));
        assertTrue(checksum.getMessage().contains("checksum"), checksum.getMessage());
        byte[] headerFlip = whole.clone();
        headerFlip[9] = '[';
        Files.write(file, headerFlip);
        assertThrows(CorruptCheckpointException.class, () -> Checkpoint.loadModel(file, LayerRegistry.standard()));
        Files.writeString(file, "definitely not a checkpoint, just some text");
        assertThrows(CorruptCheckpointException.class, () -> Checkpoint.loadModel(file, LayerRegistry.standard()));
        assertThrows(NoSuchFileException.class, () -> Checkpoint.loadModel(dir.resolve("absent.safetensors"), LayerRegistry.standard()));
    }

    @Test
    void aSafetensorsFileFromElsewhereIsNotMistakenForACheckpoint() throws IOException {
        Path file = dir.resolve("foreign.safetensors");
        Safetensors.write(file, Map.of("w", StoredTensor.of(Tensor.zeros(2))), Map.of());
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                () -> Checkpoint.loadModel(file, LayerRegistry.standard()));
        assertTrue(e.getMessage().contains("not a deepvec checkpoint"), e.getMessage());
    }

    @Test
    void resumingChecksModelAndOptimizerBeforeChangingAnything() throws IOException {
        Sequential model = mlp(1);
        Path file = dir.resolve("m.safetensors");
        Checkpoint.save(file, Checkpoint.Components.of(model, new Adam(model.namedParameters(), 1e-3f)), 1, LayerRegistry.standard());
        Sequential wider = new Sequential(new Linear(5, 8, Rng.seeded(3)), Activation.relu(), new Linear(8, 3, Rng.seeded(3)));
        float[] before = wider.parameters().get(0).value().toArray();
        assertThrows(ArchitectureMismatchException.class, () -> Checkpoint.resume(file, Checkpoint.Components.of(wider,
                new Adam(wider.namedParameters(), 1e-3f)), LayerRegistry.standard()));
        assertArrayEquals(before, wider.parameters().get(0).value().toArray(), 0f, "nothing was loaded");
        Sequential same = mlp(5);
        CorruptCheckpointException kind = assertThrows(CorruptCheckpointException.class,
                () -> Checkpoint.resume(file, Checkpoint.Components.of(same, new Sgd(same.namedParameters(), 0.1f)), LayerRegistry.standard()));
        assertTrue(kind.getMessage().contains("Adam"), kind.getMessage());
        assertEquals(1, Checkpoint.resume(file, Checkpoint.Components.of(same, new Adam(same.namedParameters(), 1e-3f)), LayerRegistry.standard()));
    }

    @Test
    void loadIntoReportsEveryParameterThatDoesNotFit() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Sequential saved = mlp(1);
        Checkpoint.save(file, saved, LayerRegistry.standard());
        Sequential same = mlp(9);
        Checkpoint.loadInto(file, same);
        assertArrayEquals(saved.parameters().get(0).value().toArray(), same.parameters().get(0).value().toArray(), 0f);
        Sequential other = new Sequential(new Linear(5, 4, Rng.seeded(3)), Activation.relu(), Activation.relu(),
                new Linear(4, 3, Rng.seeded(3)), Activation.relu(), new Linear(3, 3, Rng.seeded(3)));
        float[] before = other.parameters().get(0).value().toArray();
        ArchitectureMismatchException e = assertThrows(ArchitectureMismatchException.class, () -> Checkpoint.loadInto(file, other));
        assertEquals(List.of("5.weight", "5.bias"), e.missing());
        assertEquals(List.of(), e.unexpected());
        assertEquals(3, e.wrongShape().size(), e.getMessage());
        assertTrue(e.wrongShape().get(0).startsWith("0.weight [5, 7] in the file, [5, 4] in the model"), e.wrongShape().get(0));
        assertArrayEquals(before, other.parameters().get(0).value().toArray(), 0f, "nothing was loaded");
        Sequential shorter = new Sequential(new Linear(5, 7, Rng.seeded(3)));
        ArchitectureMismatchException extra = assertThrows(ArchitectureMismatchException.class,
                () -> Checkpoint.loadInto(file, shorter));
        assertEquals(List.of("3.weight", "3.bias"), extra.unexpected());
    }

    @Test
    void everyStoredDtypeRoundTrips() throws IOException {
        Path file = dir.resolve("typed.safetensors");
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        tensors.put("f32", StoredTensor.of(Tensor.of(new float[] {1.5f, -2f, Float.MIN_VALUE}, 3)));
        tensors.put("f64", StoredTensor.ofDoubles(new double[] {Math.PI, -1e300, 4.9e-324, 0}, 2, 2));
        tensors.put("i32", StoredTensor.of(IntTensor.of(new int[] {Integer.MIN_VALUE, 7, Integer.MAX_VALUE}, 3, 1)));
        tensors.put("i64", StoredTensor.ofLongs(new long[] {Long.MIN_VALUE, 1L << 40}, 2));
        Safetensors.write(file, tensors, Map.of());
        Safetensors.Contents back = Safetensors.read(file);
        assertArrayEquals(new float[] {1.5f, -2f, Float.MIN_VALUE}, back.tensors().get("f32").toTensor().toArray(), 0f);
        assertArrayEquals(new double[] {Math.PI, -1e300, 4.9e-324, 0}, back.tensors().get("f64").doubles(), 0);
        assertArrayEquals(new int[] {2, 2}, back.tensors().get("f64").shape());
        assertArrayEquals(new int[] {Integer.MIN_VALUE, 7, Integer.MAX_VALUE}, back.tensors().get("i32").ints().data());
        assertArrayEquals(new long[] {Long.MIN_VALUE, 1L << 40}, back.tensors().get("i64").longs());
        assertEquals(StoredTensor.DType.I64, back.tensors().get("i64").dtype());
        IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> back.tensors().get("i32").toTensor());
        assertTrue(wrong.getMessage().contains("I32"), wrong.getMessage());
    }

    @Test
    void halfPrecisionTensorsFromOtherToolsAreReadAsFloats() throws IOException {
        // 1.0, -2.5 and 65504 in IEEE half precision and in bfloat16, written by hand as another tool would
        byte[] half = {0x00, 0x3C, 0x00, (byte) 0xC1, (byte) 0xFF, 0x7B};
        byte[] brain = {(byte) 0x80, 0x3F, 0x20, (byte) 0xC0, 0x00, 0x00};
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[6,12]}}";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length()).array());
        out.write(header.getBytes(StandardCharsets.UTF_8));
        out.write(half);
        out.write(brain);
        Path file = dir.resolve("half.safetensors");
        Files.write(file, out.toByteArray());
        Safetensors.Contents back = Safetensors.read(file);
        assertArrayEquals(new float[] {1f, -2.5f, 65504f}, back.floats("h").toArray(), 0f);
        assertArrayEquals(new float[] {1f, -2.5f, 0f}, back.floats("b").toArray(), 0f);
    }

    @Test
    void aLayerNoProviderCanRebuildIsRefusedWhenSaving() {
        Layer custom = new Layer() {
            @Override
            public Variable forward(Variable input) {
                return input;
            }

            @Override
            public LayerConfig config() {
                return LayerConfig.of("my_custom_block");
            }
        };
        UnknownLayerTypeException e = assertThrows(UnknownLayerTypeException.class,
                () -> Checkpoint.save(dir.resolve("custom.safetensors"), new Sequential(mlp(1), custom), LayerRegistry.standard()));
        assertTrue(e.getMessage().contains("my_custom_block"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("custom.safetensors")));
    }

    @Test
    void pluginProvenanceIsRecordedButIsNotPartOfTheArchitecture() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Sequential model = mlp(1);
        Checkpoint.save(file, Checkpoint.Components.of(model, new Adam(model.namedParameters(), 1e-3f)), 1, LayerRegistry.standard());
        Safetensors.Contents contents = Safetensors.read(file);
        Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
        metadata.remove("deepvec.crc32");
        String description = metadata.get("deepvec.model");
        metadata.put("deepvec.model", description.replaceFirst("\"type\":\"relu\"", "\"type\":\"relu\",\"plugin\":\"org.example.acts@1.0.3\""));
        Safetensors.write(file, contents.tensors(), metadata);
        Sequential resumed = mlp(2);
        assertEquals(1, Checkpoint.resume(file, Checkpoint.Components.of(resumed, new Adam(resumed.namedParameters(), 1e-3f)), LayerRegistry.standard()),
                "a model saved with a plugin resumes where the same layers come from elsewhere or another version");
    }

    @Test
    void aFailedWriteLeavesThePreviousFileWhole() throws IOException {
        Path file = dir.resolve("keep.txt");
        AtomicFiles.writeString(file, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half of the new con".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(file));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "the partial file was removed");
        }
    }

    @Test
    void aModelWithAPluginLayerNamesThePluginWhenItIsMissing() throws IOException {
        Path file = dir.resolve("plugin.safetensors");
        String description = "{\"format\":\"deepvec-model\",\"version\":1,\"model\":{\"type\":\"sequential\",\"layers\":"
                + "[{\"type\":\"capsule\",\"plugin\":\"org.example.capsules@2.0\"}]}}";
        Safetensors.write(file, Map.of(), Map.of("deepvec.format", "deepvec-checkpoint/3", "deepvec.epochs", "0",
                "deepvec.generators", "{}", "deepvec.state", "[]", "deepvec.settings", "{}", "deepvec.model", description));
        UnknownLayerTypeException e = assertThrows(UnknownLayerTypeException.class,
                () -> Checkpoint.loadModel(file, LayerRegistry.standard()));
        assertTrue(e.getMessage().contains("org.example.capsules@2.0"), e.getMessage());
    }

    @Test
    void nonFiniteParametersAreRefusedUnlessAllowed() throws IOException {
        Sequential model = mlp(1);
        model.parameters().get(0).value().data()[3] = Float.NaN;
        Path file = dir.resolve("nan.safetensors");
        Checkpoint.save(file, model, LayerRegistry.standard());
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                () -> Checkpoint.loadModel(file, LayerRegistry.standard()));
        assertTrue(e.getMessage().contains("'0.weight' holds NaN at element 3"), e.getMessage());
        assertThrows(CorruptCheckpointException.class, () -> Checkpoint.loadInto(file, mlp(2)));
        Layer inspected = Checkpoint.loadModel(file, LayerRegistry.standard(), Checkpoint.LoadOptions.DEFAULT.allowingNonFinite());
        assertTrue(Float.isNaN(inspected.parameters().get(0).value().data()[3]));
    }

    @Test
    void theChecksumCoversTheHeaderAndIsRequired() throws IOException {
        Sequential model = mlp(1);
        Path file = dir.resolve("m.safetensors");
        Checkpoint.save(file, model, LayerRegistry.standard());
        byte[] bytes = Files.readAllBytes(file);
        String header = new String(bytes, StandardCharsets.ISO_8859_1);
        byte[] shifted = bytes.clone();
        int offsets = header.indexOf("\"data_offsets\":[") + 16;
        shifted[offsets] = (byte) (shifted[offsets] == '0' ? '4' : '0');        // a tensor range moved: data still intact
        Files.write(file, shifted);
        CorruptCheckpointException damaged = assertThrows(CorruptCheckpointException.class,
                () -> Checkpoint.loadModel(file, LayerRegistry.standard()));
        assertTrue(damaged.getMessage().contains("checksum does not match"), damaged.getMessage());
        byte[] renamed = bytes.clone();
        int key = header.indexOf("deepvec.crc32");
        renamed[key + 8] = 'C';
        Files.write(file, renamed);
        CorruptCheckpointException missing = assertThrows(CorruptCheckpointException.class,
                () -> Checkpoint.loadModel(file, LayerRegistry.standard()));
        assertTrue(missing.getMessage().contains("no checksum"), missing.getMessage());
    }

    @Test
    void resumeNeedsExactlyTheSavedComponents() throws IOException {
        Sequential model = mlp(1);
        Path file = dir.resolve("m.safetensors");
        Checkpoint.save(file, Checkpoint.Components.of(model, new Adam(model.namedParameters(), 1e-3f)), 1, LayerRegistry.standard());
        Sequential same = mlp(2);
        ResumeMismatchException noOptimizer = assertThrows(ResumeMismatchException.class,
                () -> Checkpoint.resume(file, Checkpoint.Components.of(same, null), LayerRegistry.standard()));
        assertTrue(noOptimizer.getMessage().contains("optimizers [optimizer] saved but not in this run"), noOptimizer.getMessage());
        Checkpoint.Components withGenerator = new Checkpoint.Components(Map.of(Checkpoint.MODEL, same),
                Map.of(Checkpoint.OPTIMIZER, new Adam(same.namedParameters(), 1e-3f)), Map.of("shuffle", Rng.seeded(1)), Map.of());
        ResumeMismatchException extra = assertThrows(ResumeMismatchException.class, () -> Checkpoint.resume(file, withGenerator, LayerRegistry.standard()));
        assertTrue(extra.getMessage().contains("generators [shuffle] in this run but not saved"), extra.getMessage());
    }

    @Test
    void atomicWritesHonourTheUmaskAndSweepLeftovers() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Path leftover = Files.writeString(dir.resolve(".model.safetensors.1f2e3d.partial"), "half a save of a killed run");
        Path unrelated = Files.writeString(dir.resolve(".other.safetensors.1f2e3d.partial"), "another target's");
        AtomicFiles.writeString(file, "new");
        assertFalse(Files.exists(leftover), "the leftover of the same target is swept");
        assertTrue(Files.exists(unrelated), "another target's temporary file is left alone");
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Path plain = Files.createFile(dir.resolve("plain"));         // created the usual way: 0666 minus the umask
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
        }
    }
}
