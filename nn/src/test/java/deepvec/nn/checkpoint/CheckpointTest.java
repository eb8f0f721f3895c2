package deepvec.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Activation;
import deepvec.nn.layer.Dropout;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerRegistry;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Sequential;
import deepvec.nn.layer.UnknownLayerTypeException;
import deepvec.nn.optim.Adam;
import deepvec.nn.optim.Sgd;
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
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", Tensor.of(new float[] {1f, -2f, 3.5f, 0f, 5f, 6f}, 2, 3));
        tensors.put("b", Tensor.of(new float[] {7f}, 1));
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
        assertArrayEquals(tensors.get("a").toArray(), back.tensors().get("a").toArray(), 0f);
        assertArrayEquals(new int[] {2, 3}, back.tensors().get("a").shape());
        assertEquals("hello", back.metadata().get("note"));
    }

    @Test
    void aSavedModelLoadsWithoutCodeAndComputesTheSameFunction() throws IOException {
        Sequential model = mlp(1);
        Path file = dir.resolve("model.safetensors");
        Checkpoint.save(file, model);
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
        Checkpoint.save(file, Checkpoint.Components.of(saved, new Adam(saved.namedParameters(), 1e-3f)), 2);
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
        Checkpoint.save(file, mlp(1));
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
        Safetensors.write(file, Map.of("w", Tensor.zeros(2)), Map.of());
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                () -> Checkpoint.loadModel(file, LayerRegistry.standard()));
        assertTrue(e.getMessage().contains("not a deepvec checkpoint"), e.getMessage());
    }

    @Test
    void resumingChecksModelAndOptimizerBeforeChangingAnything() throws IOException {
        Sequential model = mlp(1);
        Path file = dir.resolve("m.safetensors");
        Checkpoint.save(file, Checkpoint.Components.of(model, new Adam(model.namedParameters(), 1e-3f)), 1);
        Sequential wider = new Sequential(new Linear(5, 8, Rng.seeded(3)), Activation.relu(), new Linear(8, 3, Rng.seeded(3)));
        float[] before = wider.parameters().get(0).value().toArray();
        assertThrows(CorruptCheckpointException.class, () -> Checkpoint.resume(file, Checkpoint.Components.of(wider, new Adam(wider.namedParameters(), 1e-3f))));
        assertArrayEquals(before, wider.parameters().get(0).value().toArray(), 0f, "nothing was loaded");
        Sequential same = mlp(5);
        CorruptCheckpointException kind = assertThrows(CorruptCheckpointException.class,
                () -> Checkpoint.resume(file, Checkpoint.Components.of(same, new Sgd(same.namedParameters(), 0.1f))));
        assertTrue(kind.getMessage().contains("Adam"), kind.getMessage());
        assertEquals(1, Checkpoint.resume(file, Checkpoint.Components.of(same, new Adam(same.namedParameters(), 1e-3f))));
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
        Safetensors.write(file, Map.of(), Map.of("deepvec.format", "deepvec-checkpoint/1", "deepvec.model", description));
        UnknownLayerTypeException e = assertThrows(UnknownLayerTypeException.class,
                () -> Checkpoint.loadModel(file, LayerRegistry.standard()));
        assertTrue(e.getMessage().contains("org.example.capsules@2.0"), e.getMessage());
    }
}
