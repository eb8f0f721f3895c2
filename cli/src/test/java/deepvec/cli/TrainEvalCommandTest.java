package deepvec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.data.IdxFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepvec train} and {@code deepvec eval} end to end on a small Fashion-MNIST-shaped data set. */
class TrainEvalCommandTest {

    @TempDir
    Path dir;

    /** 28 x 28 images whose class is the row of a bright horizontal bar (rows 2 + 2 c), with noise. */
    private static void writeData(Path folder, String prefix, int n, long seed) throws Exception {
        Random random = new Random(seed);
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(10);
            labels[i] = (byte) label;
            for (int p = 0; p < 28 * 28; p++) {
                int row = p / 28;
                int value = random.nextInt(60) + (row == 2 + 2 * label ? 180 : 0);
                pixels[i * 28 * 28 + p] = (byte) value;
            }
        }
        new IdxFile(new int[] {n, 28, 28}, pixels).write(folder.resolve(prefix + "-images-idx3-ubyte"));
        new IdxFile(new int[] {n}, labels).write(folder.resolve(prefix + "-labels-idx1-ubyte"));
    }

    /** A Fashion-MNIST-shaped data folder of synthetic images: training and test sets of the given sizes and seeds. */
    private Path fashionData(int trainImages, long trainSeed, int testImages, long testSeed) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        writeData(data, "train", trainImages, trainSeed);
        writeData(data, "t10k", testImages, testSeed);
        return data;
    }

    private static Result execute(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int status = Main.commandLine().setErr(new PrintWriter(err))
                    .execute(args);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }

    private record Result(int status, String out, String err) {
    }

    @Test
    void trainWritesCheckpointsMetricsAndPlotsAndEvalReadsTheCheckpoint() throws Exception {
        Path data = fashionData(600, 1, 200, 2);
        Path out = dir.resolve("run");
        Result train = execute("train", "--data", data.toString(), "--epochs", "3", "--optimizer", "adam", "--curvature",
                "--threads", "1", "--out", out.toString());
        assertEquals(0, train.status(), train.err());
        for (String file : List.of("model.safetensors", "model.json", "metrics.csv", "loss.png", "accuracy.png", "curvature.png",
                "confusion.png", "filters.png", "checkpoints/epoch-003.safetensors", "checkpoints/last.safetensors")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file + " missing");
        }
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size());
        double accuracy = Double.parseDouble(train.out().replaceAll("(?s).*test accuracy ([0-9.]+).*", "$1"));
        assertTrue(accuracy > 0.9, train.out());

        Result eval = execute("eval", "--checkpoint", out.resolve("model.safetensors").toString(), "--data", data.toString(),
                "--fgsm", "0.1");
        assertEquals(0, eval.status(), eval.err());
        assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "test accuracy %.4f", accuracy)), eval.out());
        assertTrue(eval.out().contains("under FGSM attack"), eval.out());
    }

    @Test
    void theBatchNormCnnTrainsAndItsCheckpointEvaluatesTheSame() throws Exception {
        Path data = fashionData(300, 4, 100, 5);
        Path out = dir.resolve("cnn");
        // no augmentation: a vertical shift moves the bright row that encodes these synthetic labels
        Result train = execute("train", "--model", "cnn-bn", "--augment", "false", "--data", data.toString(), "--epochs", "4",
                "--batch-size", "32", "--lr-floor", "0", "--threads", "2", "--out", out.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(Files.isRegularFile(out.resolve("filters.png")));
        assertTrue(Files.readString(out.resolve("model.json")).contains("batch_norm"));
        double accuracy = Double.parseDouble(train.out().replaceAll("(?s).*test accuracy ([0-9.]+).*", "$1"));
        assertTrue(accuracy > 0.5, train.out());
        Result eval = execute("eval", "--checkpoint", out.resolve("model.safetensors").toString(), "--data", data.toString());
        assertEquals(0, eval.status(), eval.err());
        assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "test accuracy %.4f", accuracy)), eval.out());
        Result unknown = execute("train", "--model", "resnet", "--data", data.toString());
        assertTrue(unknown.status() != 0 && unknown.err().contains("expected one of [mlp, cnn, cnn-bn, lstm, gru, rnn, charlm, wordlm, seq2seq]"), unknown.err());
        Result unknownOptimizer = execute("train", "--optimizer", "lbfgs", "--data", data.toString());
        assertTrue(unknownOptimizer.status() != 0 && unknownOptimizer.err().contains("expected one of [sgd, momentum"), unknownOptimizer.err());
    }

    /** The bar's row is the class: a recurrent net reading the image row by row learns it, and its checkpoint evaluates the same. */
    @Test
    void aRecurrentNetReadsTheImagesRowByRow() throws Exception {
        Path data = fashionData(400, 6, 100, 7);
        for (String model : List.of("lstm", "gru")) {
            Path out = dir.resolve(model);
            Result train = execute("train", "--model", model, "--data", data.toString(), "--epochs", "4", "--batch-size", "32",
                    "--lr", "0.005", "--out", out.toString());
            assertEquals(0, train.status(), train.err());
            assertTrue(Files.readString(out.resolve("model.json")).contains("\"type\":\"" + model + "\""));
            assertTrue(Files.isRegularFile(out.resolve("gradient_norms.png")), "the gradient norm per time step is drawn");
            assertEquals(1 + 4 * 28, Files.readAllLines(out.resolve("gradient_norms.csv")).size(), "28 steps for each of 4 epochs");
            double accuracy = Double.parseDouble(train.out().replaceAll("(?s).*test accuracy ([0-9.]+).*", "$1"));
            assertTrue(accuracy > 0.8, model + ": " + train.out());
            Result eval = execute("eval", "--checkpoint", out.resolve("model.safetensors").toString(), "--data", data.toString());
            assertEquals(0, eval.status(), eval.err());
            assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "test accuracy %.4f", accuracy)), eval.out());
        }
    }

    @Test
    void aTruncatedCheckpointOrMissingDataFailsWithAMessageSayingWhat() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        writeData(data, "t10k", 20, 3);
        Path broken = dir.resolve("broken.safetensors");
        Files.write(broken, new byte[] {1, 2, 3});
        Result eval = execute("eval", "--checkpoint", broken.toString(), "--data", data.toString());
        assertTrue(eval.status() != 0);
        assertTrue(eval.err().contains("CorruptCheckpointException") && eval.err().contains("truncated"), eval.err());
        Result train = execute("train", "--data", dir.resolve("nowhere").toString(), "--epochs", "1");
        assertTrue(train.status() != 0);
        assertTrue(train.err().contains("dataset-fashion-mnist"), train.err());
    }

    /** Each bad option value is refused as a usage error naming the option, before data is read or a file written. */
    @Test
    void badOptionsAreRefusedBeforeAnythingIsReadOrWritten() {
        Path out = dir.resolve("never-written");
        String nowhere = dir.resolve("no-data").toString();
        List<List<String>> cases = List.of(List.of("--validation", "-0.1"), List.of("--validation", "1"), List.of("--threads", "-1"),
                List.of("--early-stopping", "-1"), List.of("--lr", "0.01", "--lr-floor", "0.1"), List.of("--lr", "NaN"),
                List.of("--lr", "-1"), List.of("--epochs", "0"), List.of("--batch-size", "0"), List.of("--dropout", "1.5"),
                List.of("--weight-decay", "-1"), List.of("--clip-norm", "Infinity"), List.of("--max-norm", "-2"),
                List.of("--adversarial", "-0.1"), List.of("--model", "resnet"), List.of("--early-stopping", "3", "--validation", "0"));
        for (List<String> bad : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("train", "--data", nowhere, "--out", out.toString()));
            args.addAll(bad);
            Result r = execute(args.toArray(String[]::new));
            assertEquals(2, r.status(), bad + ": " + r.err());
            assertTrue(r.err().contains(bad.get(bad.size() - 2)) && !r.err().contains("dataset-fashion-mnist"), bad + ": " + r.err());
            assertTrue(!Files.exists(out), bad + " wrote " + out);
        }
        Result fgsm = execute("eval", "--checkpoint", "x.safetensors", "--data", nowhere, "--fgsm", "-1");
        assertEquals(2, fgsm.status(), fgsm.err());
        assertTrue(fgsm.err().contains("--fgsm is -1.0"), fgsm.err());
    }

    @Test
    void aResumeOfAnotherRunOrAFinishedOneIsRefusedBeforeTraining() throws Exception {
        Path data = fashionData(200, 1, 50, 2);
        Path run = dir.resolve("run");
        // a constant rate (the recipe's decays over --epochs, which a longer resumed run would change)
        Result first = execute("train", "--data", data.toString(), "--epochs", "1", "--out", run.toString(), "--batch-size", "50",
                "--lr-floor", "0");
        assertEquals(0, first.status(), first.err());
        String saved = run.resolve("checkpoints").resolve("epoch-001.safetensors").toString();
        Path other = dir.resolve("other");
        Result finished = execute("train", "--data", data.toString(), "--epochs", "1", "--resume", saved, "--out", other.toString(),
                "--batch-size", "50", "--lr-floor", "0");
        assertEquals(2, finished.status(), finished.err());
        assertTrue(finished.err().contains("has completed 1 epochs and --epochs is 1"), finished.err());
        Result changed = execute("train", "--data", data.toString(), "--epochs", "2", "--resume", saved, "--out", other.toString(),
                "--batch-size", "50", "--lr", "0.01", "--lr-floor", "0");
        assertEquals(2, changed.status(), changed.err());
        assertTrue(changed.err().contains("was trained with --lr 0.001, this run has 0.01"), changed.err());
        assertTrue(!Files.exists(other), "nothing written for a refused resume");
        Result folder = execute("eval", "--checkpoint", run.toString(), "--data", data.toString());
        assertEquals(1, folder.status(), folder.err());
        assertTrue(folder.err().contains(run.toString()) && folder.err().contains("folder"), folder.err());
        Result resumed = execute("train", "--data", data.toString(), "--epochs", "2", "--resume", saved, "--out", other.toString(),
                "--batch-size", "50", "--lr-floor", "0");
        assertEquals(0, resumed.status(), resumed.err());
    }

    /** Left out, an option takes the model's recipe: the settings the README's figures were measured with. */
    @Test
    void optionsLeftOutTakeTheModelsRecipe() throws Exception {
        Path data = fashionData(200, 8, 50, 9);
        Path out = dir.resolve("recipe");
        Result train = execute("train", "--model", "mlp", "--data", data.toString(), "--epochs", "1", "--out", out.toString());
        assertEquals(0, train.status(), train.err());
        Map<String, String> settings = Checkpoint.settings(out.resolve("checkpoints").resolve("epoch-001.safetensors"));
        assertEquals("0.001", settings.get("cli.lr"));
        assertEquals("1.0E-5", settings.get("cli.lr_floor"));
        assertEquals("0.0", settings.get("cli.dropout"));
    }

    @Test
    void errorsOfTheJvmItselfAreOneLineToo() {
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new Exploding()).setErr(new PrintWriter(err));
        assertEquals(3, Main.execute(cli));
        assertTrue(err.toString().contains("out of memory (Java heap space); give the JVM a larger heap"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    /** A character language model on fortunes made here: it beats the n-gram baseline it reports, and samples from its checkpoint. */
    @Test
    void aCharacterLanguageModelTrainsOnFortunesAndSamples() throws Exception {
        Path text = Files.createDirectories(dir.resolve("fortunes"));
        String[] rhymes = {"one two three four five six seven eight nine ten", "the cat sat on the mat and the dog sat on the log"};
        for (int f = 0; f < 10; f++) {
            StringBuilder file = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                file.append(rhymes[(f + i) % 2]).append("\n%\n");
            }
            Files.writeString(text.resolve("file" + f), file.toString());
        }
        Path out = dir.resolve("charlm");
        Result train = execute("train", "--model", "charlm", "--text", text.toString(), "--epochs", "12", "--batch-size", "16",
                "--steps", "32", "--hidden", "48", "--lr", "0.01", "--out", out.toString());
        assertEquals(0, train.status(), train.err());
        for (String file : List.of("model.safetensors", "metrics.csv", "loss.png", "perplexity.png", "perplexity.csv", "sample.txt")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file + " missing");
        }
        List<String> rows = Files.readAllLines(out.resolve("perplexity.csv"));
        double lstm = Double.parseDouble(rows.get(1).split(",")[1]);
        assertTrue(lstm < 1.5, "the rhymes are nearly deterministic: " + rows);
        Result sample = execute("sample", "--checkpoint", out.resolve("model.safetensors").toString(), "--prefix", "one two thr",
                "--length", "9", "--temperature", "0");
        assertEquals(0, sample.status(), sample.err());
        assertTrue(sample.out().startsWith("one two three four"), sample.out());
        Result badLength = execute("sample", "--checkpoint", out.resolve("checkpoints").resolve("epoch-012.safetensors").toString(),
                "--length", "0");
        assertEquals(2, badLength.status(), badLength.err());
    }

    /** The encoder-decoder run: both decoders trained, decoded by beam and greedily, compared by source length. */
    @Test
    void aSeq2seqRunComparesAttentionWithoutItByLength() throws Exception {
        Path out = dir.resolve("seq2seq");
        Result train = execute("train", "--model", "seq2seq", "--task", "addition", "--train-examples", "256", "--epochs", "1",
                "--hidden", "16", "--beam", "2", "--out", out.toString());
        assertEquals(0, train.status(), train.err());
        for (String file : List.of("exact_match.csv", "exact_match.png", "attention/model.safetensors", "attention/attention.png",
                "attention/metrics.csv", "plain/model.safetensors", "plain/loss.png")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file + " missing");
        }
        List<String> rows = Files.readAllLines(out.resolve("exact_match.csv"));
        assertEquals("source_length,attention_beam2,attention_greedy,plain_beam2,plain_greedy", rows.get(0));
        assertTrue(rows.getLast().startsWith("all,"), rows.toString());
        for (String row : rows.subList(1, rows.size())) {
            for (String value : List.of(row.split(",")).subList(1, 5)) {
                double v = Double.parseDouble(value);
                assertTrue(v >= 0 && v <= 1, row);
            }
        }
        Result both = execute("train", "--model", "seq2seq", "--resume", out.resolve("plain/model.safetensors").toString());
        assertEquals(2, both.status(), both.err());
        assertTrue(both.err().contains("--attention on or off"), both.err());
    }

    @picocli.CommandLine.Command(name = "explode")
    static final class Exploding implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void predictGivesEachImageItsClassAsTheCheckpointRecordsItsInput() throws Exception {
        Path data = fashionData(600, 11, 100, 12);
        Path out = dir.resolve("predict");
        Result train = execute("train", "--data", data.toString(), "--epochs", "2", "--threads", "1", "--out", out.toString());
        assertEquals(0, train.status(), train.err());
        String accuracy = train.out().replaceAll("(?s).*test accuracy ([0-9.]+).*", "$1");
        Path model = out.resolve("model.safetensors");

        // the test images as an IDX file: the top class of each is what eval counted
        Result idx = execute("predict", "--checkpoint", model.toString(), "--idx", data.resolve("t10k-images-idx3-ubyte").toString(),
                "--top", "1");
        assertEquals(0, idx.status(), idx.err());
        byte[] labels = IdxFile.read(data.resolve("t10k-labels-idx1-ubyte")).data();
        String[] lines = idx.out().strip().split("\n");
        assertEquals(labels.length, lines.length);
        int correct = 0;
        for (int i = 0; i < lines.length; i++) {
            String top = lines[i].replaceAll("^[^:]*: (.*) [0-9.]+$", "$1");
            correct += deepvec.nn.data.FashionMnist.CLASS_NAMES.get(labels[i]).equals(top) ? 1 : 0;
        }
        assertEquals(accuracy, String.format(java.util.Locale.ROOT, "%.4f", correct / (double) labels.length), idx.out());

        // the same images as PNG files twice the size, and as dark-on-light JPEGs: resized, made grey, inverted back
        byte[] pixels = IdxFile.read(data.resolve("t10k-images-idx3-ubyte")).data();
        List<String> pngs = new java.util.ArrayList<>();
        List<String> jpegs = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(56, 56, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            java.awt.image.BufferedImage jpeg = new java.awt.image.BufferedImage(56, 56, java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 56; y++) {
                for (int x = 0; x < 56; x++) {
                    int v = pixels[i * 784 + (y / 2) * 28 + x / 2] & 0xFF;
                    png.getRaster().setSample(x, y, 0, v);
                    jpeg.setRGB(x, y, (255 - v) * 0x10101);
                }
            }
            Path pngFile = dir.resolve("image" + i + ".png");
            Path jpegFile = dir.resolve("photo" + i + ".jpg");
            javax.imageio.ImageIO.write(png, "png", pngFile.toFile());
            javax.imageio.ImageIO.write(jpeg, "jpg", jpegFile.toFile());
            pngs.add(pngFile.toString());
            jpegs.add(jpegFile.toString());
        }
        List<String> pngArgs = new java.util.ArrayList<>(List.of("predict", "--checkpoint", model.toString(), "--image"));
        pngArgs.addAll(pngs);
        Result fromPng = execute(pngArgs.toArray(String[]::new));
        assertEquals(0, fromPng.status(), fromPng.err());
        List<String> jpegArgs = new java.util.ArrayList<>(List.of("predict", "--checkpoint", model.toString(), "--dark-on-light", "--image"));
        jpegArgs.addAll(jpegs);
        Result fromJpeg = execute(jpegArgs.toArray(String[]::new));
        assertEquals(0, fromJpeg.status(), fromJpeg.err());
        String[] pngLines = fromPng.out().strip().split("\n");
        String[] jpegLines = fromJpeg.out().strip().split("\n");
        for (int i = 0; i < 5; i++) {
            String label = deepvec.nn.data.FashionMnist.CLASS_NAMES.get(labels[i]);
            assertTrue(pngLines[i].startsWith(pngs.get(i) + ": " + label + " "), pngLines[i] + " (label " + label + ")");
            assertTrue(jpegLines[i].startsWith(jpegs.get(i) + ": " + label + " "), jpegLines[i] + " (label " + label + ")");
            assertEquals(3, pngLines[i].split(", ").length, "the top 3 classes");
        }

        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        Result notImage = execute("predict", "--checkpoint", model.toString(), "--image", text.toString());
        assertTrue(notImage.status() != 0 && notImage.err().contains("not an image"), notImage.err());
        Path bare = dir.resolve("bare.safetensors");
        Checkpoint.save(bare, deepvec.nn.zoo.FeedForwardNets.mlp(784, 10, "relu", 0f, 1), deepvec.nn.layer.LayerRegistry.standard());
        Result unrecorded = execute("predict", "--checkpoint", bare.toString(), "--image", pngs.get(0));
        assertTrue(unrecorded.status() != 0 && unrecorded.err().contains("does not record the input"), unrecorded.err());
    }

    @Test
    void pluginsListsEveryKindWithItsModuleAndTheFirstPartyPlugins() throws Exception {
        Result all = execute("plugins");
        assertEquals(0, all.status(), all.err());
        for (String row : List.of("linear", "LayerProvider", "adam", "OptimizerProvider", "metropolis", "SamplerProvider", "gelu", "hmc")) {
            assertTrue(all.out().contains(row), row + " missing from:\n" + all.out());
        }
        Result only = execute("plugins", "--plugins-only");
        assertTrue(only.out().contains("gelu") && !only.out().contains("linear "), only.out());
        Result missing = execute("plugins", "--plugins", dir.resolve("absent").toString());
        assertTrue(missing.status() != 0 && missing.err().contains("does not exist"), missing.err());
    }

    @Test
    void aModelFileTrainsItsArchitectureAndOneThatDoesNotFitTheDataIsRefused() throws Exception {
        Path data = fashionData(300, 21, 100, 22);
        Path model = Files.writeString(dir.resolve("model.json"), "{\"format\":\"deepvec-model\",\"version\":1,\"model\":"
                + "{\"type\":\"sequential\",\"layers\":[{\"type\":\"linear\",\"in\":784,\"out\":32},{\"type\":\"gelu\"},"
                + "{\"type\":\"linear\",\"in\":32,\"out\":10}]}}");
        Path out = dir.resolve("custom");
        Result train = execute("train", "--model-file", model.toString(), "--epochs", "2", "--data", data.toString(), "--threads", "1",
                "--out", out.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(Files.readString(out.resolve("model.json")).contains("\"gelu\""), "the plugin layer from the file was trained");

        Path fiveClasses = Files.writeString(dir.resolve("five.json"), Files.readString(model).replace("\"out\":10", "\"out\":5"));
        Result wrongShape = execute("train", "--model-file", fiveClasses.toString(), "--data", data.toString());
        assertTrue(wrongShape.status() != 0 && wrongShape.err().contains("expected [1, 10]"), wrongShape.err());
        Path unknown = Files.writeString(dir.resolve("unknown.json"), Files.readString(model).replace("gelu", "capsule"));
        Result unknownType = execute("train", "--model-file", unknown.toString(), "--data", data.toString());
        assertTrue(unknownType.status() != 0 && unknownType.err().contains("unknown layer type 'capsule'"), unknownType.err());
        Path broken = Files.writeString(dir.resolve("broken.json"), "{not json");
        Result notJson = execute("train", "--model-file", broken.toString(), "--data", data.toString());
        assertTrue(notJson.status() != 0 && notJson.err().contains("not valid JSON"), notJson.err());
        Result conflicting = execute("train", "--model", "cnn", "--model-file", model.toString(), "--data", data.toString());
        assertTrue(conflicting.status() != 0 && conflicting.err().contains("leave out --model"), conflicting.err());
    }
}
