package deepvec.nn.seq2seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.GradCheck;
import deepvec.nn.autograd.Variable;
import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerRegistry;
import deepvec.nn.layer.RecurrentLayer;
import deepvec.simd.IntTensor;
import deepvec.simd.Recurrent;
import deepvec.simd.ShapeException;
import deepvec.simd.Softmax;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encoder-decoder against finite differences, step-by-step decoding, padding and exhaustive search. */
class EncoderDecoderTest {

    private static final int V = DigitTasks.VOCABULARY;

    private static Tensor rows(DigitTasks.Examples examples) {
        return examples.dataset().features();
    }

    @Test
    void everyParameterGradientMatchesFiniteDifferences() {
        for (boolean attention : new boolean[] {false, true}) {
            for (Recurrent.Cell cell : new Recurrent.Cell[] {Recurrent.Cell.GRU, Recurrent.Cell.LSTM}) {
                EncoderDecoder model = new EncoderDecoder(cell, V, 3, 4, 5, DigitTasks.PADDING, attention, Rng.seeded(1));
                Tensor input = rows(DigitTasks.reversal(3, 2, 5, Rng.seeded(2)));
                GradCheck.Result result = GradCheck.checkParameters(() -> model.forward(Variable.constant(input)), model.namedParameters(),
                        1e-2, 7);
                assertTrue(result.maxError() < 2e-2, cell + (attention ? " with" : " without") + " attention: " + result);
            }
        }
    }

    @Test
    void teacherForcingEqualsDecodingStepByStepOnTheTrueTokens() {
        EncoderDecoder model = new EncoderDecoder(Recurrent.Cell.LSTM, V, 6, 8, 7, DigitTasks.PADDING, true, Rng.seeded(4));
        DigitTasks.Examples examples = DigitTasks.reversal(4, 3, 7, Rng.seeded(5));
        Tensor forced = model.predict(rows(examples));           // [N T, V]
        int steps = examples.targetSteps();
        Tensor input = rows(examples);
        Autograd.noGrad(() -> {
            EncoderDecoder.Encoding encoding = model.encode(examples.sources());
            RecurrentLayer.State state = encoding.state();
            IntTensor all = IntTensor.of(new int[] {0, 1, 2, 3}, 4);
            for (int t = 0; t < steps; t++) {
                int[] previous = new int[4];
                for (int n = 0; n < 4; n++) {
                    previous[n] = (int) input.get(n, 7 + t);
                }
                EncoderDecoder.Step step = model.step(encoding, all, state, previous);
                for (int n = 0; n < 4; n++) {
                    Tensor logits = forced.slice(0, n * steps + t, n * steps + t + 1).contiguous();
                    Tensor expected = Softmax.logSoftmax(logits, 1);
                    assertArrayEquals(expected.toArray(), step.logProbabilities().slice(0, n, n + 1).toArray(), 1e-5f, "step " + t);
                }
                state = step.state();
            }
            return null;
        });
    }

    @Test
    void aPaddedSourceGivesWhatTheSourceGivesAlone() {
        EncoderDecoder model = new EncoderDecoder(Recurrent.Cell.GRU, V, 5, 6, 9, DigitTasks.PADDING, true, Rng.seeded(6));
        DigitTasks.Examples examples = DigitTasks.reversal(3, 2, 9, Rng.seeded(7));
        Tensor batch = model.predict(rows(examples));
        int steps = examples.targetSteps();
        for (int n = 0; n < 3; n++) {
            DigitTasks.Examples alone = new DigitTasks.Examples(List.of(examples.examples().get(n)), 9, steps);
            assertArrayEquals(model.predict(rows(alone)).toArray(), batch.slice(0, n * steps, (n + 1) * steps).toArray(), 1e-5f);
        }
        Tensor weights = model.attentionWeights(rows(examples));
        for (int n = 0; n < 3; n++) {
            int length = examples.examples().get(n).source().length;
            for (int t = 0; t < steps; t++) {
                double sum = 0;
                for (int j = 0; j < 9; j++) {
                    sum += weights.get(n, t, j);
                    if (j >= length) {
                        assertEquals(0f, weights.get(n, t, j), "padding gets no attention");
                    }
                }
                assertEquals(1.0, sum, 1e-5);
            }
        }
    }

    @Test
    void aWideEnoughBeamFindsTheBestOutputOfAnExhaustiveSearch() {
        EncoderDecoder model = new EncoderDecoder(Recurrent.Cell.GRU, 4, 3, 5, 3, 2, true, Rng.seeded(8));
        scaleOutputs(model, 3f);        // peaked distributions: the best output is not the greedy one by accident
        IntTensor sources = IntTensor.of(new int[] {3, 1, 0, 1, 3, 2, 3, 3, 3}, 3, 3);
        int maxSteps = 3;
        for (double alpha : new double[] {0.0, 1.0}) {
            BeamSearch exhaustive = new BeamSearch(64, alpha, maxSteps, 1, 0);
            List<int[]> found = exhaustive.decode(model, sources);
            for (int n = 0; n < 3; n++) {
                int[] best = bestByEnumeration(model, sources, n, maxSteps, alpha);
                assertArrayEquals(best, found.get(n), "source " + n + ", alpha " + alpha);
            }
        }
        List<int[]> greedy = new BeamSearch(1, 0, maxSteps, 1, 0).decode(model, sources);
        for (int n = 0; n < 3; n++) {
            assertArrayEquals(argmaxDecoding(model, sources, n, maxSteps), greedy.get(n), "greedy, source " + n);
        }
    }

    private static void scaleOutputs(EncoderDecoder model, float factor) {
        float[] w = model.namedParameters().get("output.weight").value().data();
        for (int i = 0; i < w.length; i++) {
            w[i] *= factor;
        }
    }

    /** log P(y | x) of a token sequence, by running the teacher-forced network on it. */
    private static double logProbability(EncoderDecoder model, IntTensor sources, int n, int[] tokens) {
        int s = sources.dim(1);
        Tensor row = Tensor.zeros(1, s + tokens.length);
        for (int j = 0; j < s; j++) {
            row.set(sources.data()[n * s + j], 0, j);
        }
        row.set(1, 0, s);
        for (int t = 1; t < tokens.length; t++) {
            row.set(tokens[t - 1], 0, s + t);
        }
        Tensor logp = Softmax.logSoftmax(model.predict(row), 1);
        double total = 0;
        for (int t = 0; t < tokens.length; t++) {
            total += logp.get(t, tokens[t]);
        }
        return total;
    }

    /** Every output of up to maxSteps tokens (ended by id 0, or cut at maxSteps), scored as the beam search scores them. */
    private static int[] bestByEnumeration(EncoderDecoder model, IntTensor sources, int n, int maxSteps, double alpha) {
        int[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int length = 1; length <= maxSteps; length++) {
            int count = (int) Math.pow(4, length);
            for (int code = 0; code < count; code++) {
                int[] tokens = new int[length];
                int c = code;
                for (int t = 0; t < length; t++) {
                    tokens[t] = c % 4;
                    c /= 4;
                }
                boolean ends = tokens[length - 1] == 0;
                boolean endsEarly = false;
                for (int t = 0; t < length - 1; t++) {
                    endsEarly |= tokens[t] == 0;
                }
                if (endsEarly || (!ends && length < maxSteps)) {
                    continue;
                }
                double score = logProbability(model, sources, n, tokens) / Math.pow(length, alpha);
                if (score > bestScore) {
                    bestScore = score;
                    best = ends ? Arrays.copyOf(tokens, length - 1) : tokens;
                }
            }
        }
        return best;
    }

    private static int[] argmaxDecoding(EncoderDecoder model, IntTensor sources, int n, int maxSteps) {
        int[] tokens = new int[0];
        for (int t = 0; t < maxSteps; t++) {
            int[] next = Arrays.copyOf(tokens, t + 1);
            double best = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < 4; v++) {
                next[t] = v;
                double lp = logProbability(model, sources, n, next);
                if (lp > best) {
                    best = lp;
                    tokens = next.clone();
                }
            }
            if (tokens[t] == 0) {
                return Arrays.copyOf(tokens, t);
            }
        }
        return tokens;
    }

    @Test
    void itRoundTripsThroughACheckpoint(@TempDir Path dir) throws Exception {
        EncoderDecoder model = new EncoderDecoder(Recurrent.Cell.GRU, V, 4, 5, 6, DigitTasks.PADDING, true, Rng.seeded(9));
        assertEquals(EncoderDecoder.stateElements(model.config()), model.parameters().stream().mapToLong(p -> p.value().size()).sum());
        Path file = dir.resolve("s2s.safetensors");
        Checkpoint.save(file, model, LayerRegistry.standard());
        Layer loaded = Checkpoint.loadModel(file, LayerRegistry.standard());
        Tensor input = rows(DigitTasks.reversal(5, 1, 6, Rng.seeded(10)));
        assertArrayEquals(model.predict(input).toArray(), loaded.predict(input).toArray());
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void badInputIsNamed() {
        EncoderDecoder model = new EncoderDecoder(Recurrent.Cell.GRU, V, 4, 5, 6, DigitTasks.PADDING, false, Rng.seeded(11));
        assertThrows(ShapeException.class, () -> model.predict(Tensor.zeros(2, 6)));
        Tensor empty = Tensor.zeros(1, 8);
        Arrays.fill(empty.data(), DigitTasks.PADDING);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.predict(empty));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        Tensor outside = Tensor.zeros(1, 8);
        outside.set(99, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> model.predict(outside));
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(0, 0, 5, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> DigitTasks.encode("12a"));
    }
}
