package com.example.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.data.Dataset;
import deepvec.nn.data.FashionMnist;
import deepvec.nn.data.IdxFile;
import deepvec.nn.layer.Layer;
import deepvec.nn.spi.PluginRegistry;
import deepvec.simd.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stranger's plugin jar in a folder, used by the deepvec command and by the API. */
class PluginFolderTrainingTest {

    @TempDir
    Path dir;

    @Test
    void theCommandTrainsAModelWithThePluginsLayerAndItsCheckpointReloadsWithTheSameOutputs() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(Path.of(System.getProperty("plugin.jar")), plugins.resolve("gain-layer.jar"));
        Path data = fashionData();
        Path out = dir.resolve("run");

        Run listed = deepvec("plugins", "--plugins", plugins.toString(), "--plugins-only");
        assertEquals(0, listed.status(), listed.output());
        assertTrue(listed.output().contains("gain") && listed.output().contains("com.example.gain")
                && listed.output().contains("gain-layer.jar"), listed.output());

        Run train = deepvec("train", "--plugins", plugins.toString(), "--model-file", System.getProperty("model.file"), "--epochs", "2",
                "--data", data.toString(), "--threads", "1", "--out", out.toString());
        assertEquals(0, train.status(), train.output());
        String accuracy = train.output().replaceAll("(?s).*test accuracy ([0-9.]+).*", "$1");
        assertTrue(Double.parseDouble(accuracy) > 0.5, train.output());
        assertTrue(Files.readString(out.resolve("model.json")).contains("com.example.gain@1.0.0"), "the checkpoint records the plugin");

        Run withoutPlugin = deepvec("eval", "--checkpoint", out.resolve("model.safetensors").toString(), "--data", data.toString());
        assertTrue(withoutPlugin.status() != 0 && withoutPlugin.output().contains("'gain'")
                && withoutPlugin.output().contains("com.example.gain@1.0.0"), withoutPlugin.output());
        Run eval = deepvec("eval", "--plugins", plugins.toString(), "--checkpoint", out.resolve("model.safetensors").toString(),
                "--data", data.toString());
        assertEquals(0, eval.status(), eval.output());
        assertTrue(eval.output().contains("test accuracy " + accuracy), eval.output());

        // the same checkpoint in this JVM, through the API: the same outputs twice, and the accuracy the command printed
        PluginRegistry registry = PluginRegistry.fromDirectory(plugins);
        Layer first = Checkpoint.loadModel(out.resolve("model.safetensors"), registry.layers());
        Layer second = Checkpoint.loadModel(out.resolve("model.safetensors"), registry.layers());
        Dataset test = FashionMnist.test(data);
        Tensor scores = first.predict(test.features());
        assertArrayEquals(scores.toArray(), second.predict(test.features()).toArray(), 0f);
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            int best = 0;
            for (int c = 1; c < 10; c++) {
                best = scores.get(i, c) > scores.get(i, best) ? c : best;
            }
            correct += best == test.labels()[i] ? 1 : 0;
        }
        assertEquals(accuracy, String.format(java.util.Locale.ROOT, "%.4f", correct / (double) test.size()));
    }

    private record Run(int status, String output) {
    }

    /** The deepvec command as the launcher runs it: java on the CLI's module path. */
    private Run deepvec(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-p", System.getProperty("deepvec.cli.lib"), "-m", "deepvec.cli/deepvec.cli.Main"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "deepvec", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int status = process.waitFor();
        return new Run(status, Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Fashion-MNIST-shaped IDX files whose class is the row of a bright stripe. */
    private Path fashionData() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        write(data, "train", 600, 1);
        write(data, "t10k", 200, 2);
        return data;
    }

    private static void write(Path folder, String prefix, int n, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(10);
            labels[i] = (byte) label;
            for (int p = 0; p < 28 * 28; p++) {
                pixels[i * 28 * 28 + p] = (byte) (random.nextInt(60) + (p / 28 == 2 + 2 * label ? 180 : 0));
            }
        }
        new IdxFile(new int[] {n, 28, 28}, pixels).write(folder.resolve(prefix + "-images-idx3-ubyte"));
        new IdxFile(new int[] {n}, labels).write(folder.resolve(prefix + "-labels-idx1-ubyte"));
    }
}
