package deepvec.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.GradCheck;
import deepvec.nn.autograd.Variable;
import deepvec.nn.data.Dataset;
import deepvec.nn.optim.Adam;
import deepvec.nn.train.Objective;
import deepvec.nn.train.SupervisedTask;
import deepvec.nn.train.Trainer;
import deepvec.simd.Recurrent;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Leaky units and skip connections through time against a closed form and finite differences. */
class LeakyRecurrentLayerTest {

    /** With every weight zero the units integrate tanh(b): h_t = (1 - a^t) tanh(b). */
    @Test
    void aLeakyUnitIsARunningAverageWithItsTimeConstant() {
        LeakyRecurrentLayer layer = new LeakyRecurrentLayer(2, 3, 0.8f, false, 1, true, Rng.seeded(1));
        layer.namedParameters().values().forEach(p -> Arrays.fill(p.value().data(), 0f));
        Arrays.fill(layer.namedParameters().get("bias").value().data(), 0.5f);
        Tensor h = layer.predict(Rng.seeded(2).uniform(-1f, 1f, 2, 6, 2));
        for (int t = 0; t < 6; t++) {
            double expected = (1 - Math.pow(0.8, t + 1)) * Math.tanh(0.5);
            assertEquals(expected, h.get(1, t, 2), 1e-6, "step " + (t + 1));
        }
        assertEquals(0.8f, layer.timeConstants()[0], 1e-6f);
    }

    @Test
    void gradientsThroughLeakyUnitsAndSkipConnectionsMatchFiniteDifferences() {
        LeakyRecurrentLayer layer = new LeakyRecurrentLayer(3, 4, 0.7f, true, 2, false, Rng.seeded(3));
        Tensor x = Rng.seeded(4).uniform(-1f, 1f, 2, 5, 3);
        GradCheck.Result input = GradCheck.check(v -> layer.forward(v[0]), 1e-3, x);
        assertTrue(input.maxError() < 1e-2, input.toString());
        java.util.Map<String, Variable> checked = new java.util.LinkedHashMap<>(layer.namedParameters());
        checked.keySet().retainAll(java.util.List.of("weight_hh", "time_constants", "weight_skip"));
        GradCheck.Result parameters = GradCheck.checkParameters(() -> layer.forward(Variable.constant(x)), checked, 1e-3, 3);
        assertTrue(parameters.maxError() < 2e-2, parameters.toString());
    }

    /**
     * Section 10.9 on a long delay: the symbol of step 1 (one of two channels) is asked for after
     * 100 steps of noise uniform in [-1, 1] on a random channel. A plain tanh RNN of the same
     * width stays at chance; leaky units with learned time constants (starting at 0.95) and skip
     * connections of delay 10 (ten times shorter paths through time) recall it.
     */
    @Test
    void onALongNoisyDelayLeakyUnitsAndSkipConnectionsRememberWhatAPlainRnnForgets() throws java.io.IOException {
        int steps = 100;
        Dataset training = recallTask(1024, steps, 1);
        Dataset test = recallTask(512, steps, 2);
        java.util.Map<String, Double> accuracy = new java.util.LinkedHashMap<>();
        for (String kind : new String[] {"rnn", "leaky", "skip"}) {
            Rng rng = Rng.seeded(3);
            Layer cell = switch (kind) {
                case "rnn" -> new RecurrentLayer(Recurrent.Cell.TANH, 2, 16, false, rng);
                case "leaky" -> new LeakyRecurrentLayer(2, 16, 0.95f, true, 1, false, rng);
                default -> new LeakyRecurrentLayer(2, 16, 0.5f, false, 10, false, rng);
            };
            Sequential model = new Sequential(Reshape.toSequences(steps, 2), cell, new Linear(16, 2, rng));
            var history = Trainer.builder(SupervisedTask.of(model, new Adam(model.namedParameters(), 1e-2f), Objective.classification(2)))
                    .epochs(10).batchSize(32).seed(1).build().fit(training, test);
            accuracy.put(kind, history.getLast().get("validation.accuracy"));
        }
        assertTrue(accuracy.get("rnn") < 0.6 && accuracy.get("leaky") > 0.85 && accuracy.get("skip") > 0.95,
                "test accuracy after 100 noisy steps: " + accuracy);
    }

    /** Step 1 holds a one-hot symbol (the label); steps 2..T hold noise on one random channel. */
    private static Dataset recallTask(int n, int steps, long seed) {
        Rng rng = Rng.seeded(seed);
        Tensor x = Tensor.zeros(n, steps * 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(2);
            x.data()[i * steps * 2 + labels[i]] = 1f;
            for (int t = 1; t < steps; t++) {
                x.data()[i * steps * 2 + t * 2 + rng.nextInt(2)] = 2f * (rng.nextFloat() - 0.5f);
            }
        }
        return Dataset.of(x, labels);
    }
}
