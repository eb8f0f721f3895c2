package deepvec.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.layer.Activation;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerRegistry;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Sequential;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM saves checkpoints of about 1 MB in a loop and is killed with SIGKILL at random
 * moments: after every kill the target loads and holds one whole save (every weight equal to
 * the epoch count written with it), and the leftovers of interrupted writes are swept by the
 * next save.
 */
class CheckpointCrashTest {

    private static final int KILLS = 20;

    @TempDir
    Path dir;

    /** The model the child saves: every parameter value is the epoch count it is saved with. */
    static Sequential model() {
        Rng rng = Rng.seeded(1);
        return new Sequential(new Linear(400, 300, rng), Activation.relu(), new Linear(300, 300, rng));
    }

    /** The child: saves {@code args[0]} over and over, with epochs 1, 2, 3, ... */
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        Sequential model = model();
        for (int epoch = 1; ; epoch++) {
            for (var p : model.parameters()) {
                java.util.Arrays.fill(p.value().data(), epoch);
            }
            Checkpoint.save(target, Checkpoint.Components.of(model, null), epoch, LayerRegistry.standard());
        }
    }

    @Test
    void aKilledWriterNeverLeavesAHalfWrittenCheckpoint() throws Exception {
        Path target = dir.resolve("run.safetensors");
        Random random = new Random(3);
        int killedMidWrite = 0;
        int lastEpoch = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            long before = Files.exists(target) ? Files.getLastModifiedTime(target).toMillis() : -1;
            Process child = new ProcessBuilder(javaCommand(target)).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child.log").toFile()).start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while ((!Files.exists(target) || Files.getLastModifiedTime(target).toMillis() == before) && child.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(child.isAlive(), "the child saves in a loop: " + Files.readString(dir.resolve("child.log")));
            Thread.sleep(random.nextInt(150));
            child.destroyForcibly().waitFor();       // SIGKILL: no shutdown hooks, no finally blocks
            if (partials().count() > 0) {
                killedMidWrite++;
            }
            int epoch = Checkpoint.epochsCompleted(target);
            Layer loaded = Checkpoint.loadModel(target, LayerRegistry.standard());
            for (var p : loaded.parameters()) {
                Tensor v = p.value();
                for (int i = 0; i < v.size(); i++) {
                    assertEquals(epoch, v.data()[i], 0f, "a whole save of epoch " + epoch);
                }
            }
            assertTrue(epoch >= 1, "at least one save completed");
            lastEpoch = epoch;
        }
        Checkpoint.save(target, Checkpoint.Components.of(model(), null), lastEpoch + 1, LayerRegistry.standard());     // the next start's first save
        assertEquals(0, partials().count(), "no temporary file survives the next save");
        System.out.println(KILLS + " kills, " + killedMidWrite + " of them during a write (a temporary file was left)");
        assertTrue(killedMidWrite > 0, "some kills hit a write in progress, or the test proves nothing");
    }

    private Stream<Path> partials() throws java.io.IOException {
        return Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".partial")).toList().stream();
    }

    /** This JVM's java with the class path of deepvec's classes, this test's and their dependencies. */
    private static List<String> javaCommand(Path target) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = String.join(File.pathSeparator, location(Checkpoint.class), location(CheckpointCrashTest.class),
                location(Tensor.class), location(com.fasterxml.jackson.core.JsonFactory.class), location(org.slf4j.Logger.class));
        return List.of(java, "--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classPath,
                CheckpointCrashTest.class.getName(), target.toString());
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
