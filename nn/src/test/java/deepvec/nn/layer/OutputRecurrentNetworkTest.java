package deepvec.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.GradCheck;
import deepvec.nn.autograd.Variable;
import deepvec.nn.data.Dataset;
import deepvec.nn.optim.Adam;
import deepvec.nn.train.Objective;
import deepvec.nn.train.SupervisedTask;
import deepvec.nn.train.Trainer;
import deepvec.simd.IntTensor;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The output-to-hidden RNN (figure 10.4) against its equations, finite differences, and a task it must feed back to solve. */
class OutputRecurrentNetworkTest {

    @Test
    void itsLogitsAreTheBooksEquationsWrittenOut() {
        OutputRecurrentNetwork rnn = new OutputRecurrentNetwork(2, 3, 4, Rng.seeded(1));
        Tensor in = Tensor.of(new float[] {0.5f, -1f, 4, 0.25f, 2f, 1, -0.5f, 0.75f, 3}, 1, 3, 3);
        Tensor o = rnn.predict(in);
        Map<String, Variable> p = rnn.namedParameters();
        Tensor u = p.get("input").value();
        Tensor w = p.get("feedback").value();
        Tensor b = p.get("bias").value();
        Tensor v = p.get("output").value();
        Tensor c = p.get("output_bias").value();
        for (int t = 0; t < 3; t++) {
            int previous = (int) in.get(0, t, 2);
            double[] h = new double[3];
            for (int j = 0; j < 3; j++) {
                double a = b.get(j) + (previous < 4 ? w.get(previous, j) : 0);
                for (int d = 0; d < 2; d++) {
                    a += u.get(d, j) * in.get(0, t, d);
                }
                h[j] = Math.tanh(a);
            }
            for (int k = 0; k < 4; k++) {
                double expected = c.get(k);
                for (int j = 0; j < 3; j++) {
                    expected += v.get(j, k) * h[j];
                }
                assertEquals(expected, o.get(t, k), 1e-5, "step " + t + ", output " + k);
            }
        }
        assertEquals(OutputRecurrentNetwork.stateElements(rnn.config()), rnn.parameters().stream().mapToLong(x -> x.value().size()).sum());
        assertThrows(IllegalArgumentException.class, () -> rnn.predict(Tensor.of(new float[] {0, 0, 5}, 1, 1, 3)));
    }

    @Test
    void itsGradientsMatchFiniteDifferences() {
        OutputRecurrentNetwork rnn = new OutputRecurrentNetwork(2, 3, 4, Rng.seeded(2));
        Tensor in = Tensor.of(new float[] {0.5f, -1f, 4, 0.25f, 2f, 1, -0.5f, 0.75f, 3, 1f, 1f, 0}, 2, 2, 3);
        GradCheck.Result result = GradCheck.checkParameters(() -> rnn.forward(Variable.constant(in)), rnn.namedParameters(), 1e-2, 1);
        assertTrue(result.maxError() < 1e-2, result.toString());
    }

    /**
     * The running sum of the inputs mod 3, y_t = (y_{t-1} + x_t) mod 3: each output is a function of
     * the previous output and this input only, so teacher forcing trains every step at once, and
     * feeding back its own outputs the network then reproduces whole sequences.
     */
    @Test
    void trainedWithTeacherForcingItGeneratesTheSequenceFeedingBackItsOwnOutputs() throws IOException {
        int steps = 10;
        Rng rng = Rng.seeded(4);
        int n = 1024;
        Tensor forced = Tensor.zeros(n, steps, 4);
        Tensor free = Tensor.zeros(n, steps, 3);
        int[] labels = new int[n * steps];
        for (int i = 0; i < n; i++) {
            int sum = 0;
            for (int t = 0; t < steps; t++) {
                int x = rng.nextInt(3);
                forced.set(1f, i, t, x);
                free.set(1f, i, t, x);
                forced.set(t == 0 ? 3 : sum, i, t, 3);
                sum = (sum + x) % 3;
                labels[i * steps + t] = sum;
            }
        }
        OutputRecurrentNetwork rnn = new OutputRecurrentNetwork(3, 16, 3, Rng.seeded(5));
        Dataset data = Dataset.builder().add(Dataset.FEATURES, forced).add(Dataset.LABELS, IntTensor.of(labels, n, steps)).build();
        Trainer.builder(SupervisedTask.of(rnn, new Adam(rnn.namedParameters(), 2e-2f), Objective.classification(3))).epochs(8)
                .batchSize(64).seed(1).build().fit(data, null);
        int[][] generated = rnn.generate(free);
        int exact = 0;
        for (int i = 0; i < n; i++) {
            boolean all = true;
            for (int t = 0; t < steps; t++) {
                all &= generated[i][t] == labels[i * steps + t];
            }
            exact += all ? 1 : 0;
        }
        assertTrue(exact >= 0.95 * n, exact + " of " + n + " sequences generated exactly");
    }
}
