package deepvec.nn.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.data.Batch;
import deepvec.nn.data.DataLoader;
import deepvec.nn.data.Dataset;
import deepvec.nn.layer.CarriedStates;
import deepvec.nn.layer.RecurrentLayer;
import deepvec.nn.layer.Sequential;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.nn.optim.Sgd;
import deepvec.nn.train.Objective;
import deepvec.nn.train.SupervisedTask;
import deepvec.nn.zoo.LanguageModels;
import deepvec.simd.Recurrent;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Truncated back-propagation through time with states carried across batches, against one long run. */
class TruncatedBpttTest {

    private static int[] counting(int n, int vocabulary) {
        int[] ids = new int[n];
        Rng rng = Rng.seeded(5);
        for (int i = 0; i < n; i++) {
            ids[i] = i % 7 == 0 ? 1 : 2 + rng.nextInt(vocabulary - 2);
        }
        return ids;
    }

    @Test
    void streamsLayTheirPartsSideBySide() {
        int[] ids = new int[41];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Dataset data = LanguageModelData.streams(List.of(ids), 3, 4);      // parts of 13 ids: 3 chunks of 4 each
        assertEquals(9, data.size());
        for (int k = 0; k < 3; k++) {
            for (int s = 0; s < 3; s++) {
                for (int t = 0; t < 4; t++) {
                    int at = s * 13 + k * 4 + t;
                    assertEquals(at, data.features().get(k * 3 + s, t));
                    assertEquals(at + 1, data.labels()[(k * 3 + s) * 4 + t]);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> LanguageModelData.streams(List.of(ids), 20, 4));
    }

    @Test
    void carriedCallsContinueWhereTheLastEndedAndStopTheGradient() {
        RecurrentLayer lstm = new RecurrentLayer(Recurrent.Cell.LSTM, 3, 5, true, Rng.seeded(1));
        Tensor x = Rng.seeded(2).uniform(-1f, 1f, 2, 12, 3);
        Tensor whole = lstm.predict(x);
        CarriedStates carried = new CarriedStates();
        Variable first = Variable.parameter(x.slice(1, 0, 4).contiguous().copy());
        Variable firstOut = carried.call(() -> lstm.forward(first));
        for (int from = 4; from < 12; from += 4) {
            int f = from;
            Variable out = carried.call(() -> lstm.forward(Variable.constant(x.slice(1, f, f + 4).contiguous().copy())));
            assertArrayEquals(whole.slice(1, from, from + 4).toArray(), out.value().toArray(), 1e-6f, "steps from " + from);
            Ops.sum(out).backward();
        }
        assertArrayEquals(whole.slice(1, 0, 4).toArray(), firstOut.value().toArray(), 1e-6f);
        assertNull(first.grad(), "no gradient crosses a batch boundary");
        assertThrows(IllegalStateException.class, () -> carried.call(() -> lstm.forward(Variable.constant(Tensor.zeros(3, 4, 3)))));
        carried.reset();
        assertArrayEquals(lstm.predict(x.slice(1, 0, 4).contiguous()).toArray(),
                carried.call(() -> lstm.forward(Variable.constant(x.slice(1, 0, 4).contiguous().copy()))).value().toArray());
    }

    @Test
    void trainingAndEvaluationReadEachStreamAsOneSequence() {
        int vocabulary = 6;
        int[] ids = counting(2 * 5 * 6 + 1, vocabulary);
        Dataset data = LanguageModelData.streams(List.of(ids), 2, 5);         // 2 parts of 30 ids: 6 chunks of 5 each
        Sequential model = LanguageModels.recurrent(Recurrent.Cell.LSTM, vocabulary, 4, 8, 7);
        double oneRun = 0;
        for (int s = 0; s < 2; s++) {
            Tensor part = Tensor.zeros(1, 30);
            int[] next = new int[30];
            for (int t = 0; t < 30; t++) {
                part.data()[t] = ids[s * 30 + t];
                next[t] = ids[s * 30 + t + 1];
            }
            oneRun += Losses.crossEntropy(Variable.constant(model.predict(part)), next, Reduction.MEAN).value().get(0) / 2;
        }
        SupervisedTask task = SupervisedTask.builder(model, new Sgd(model.namedParameters(), 1e-30f), Objective.classification(vocabulary))
                .carryStates(2).build();
        assertEquals(oneRun, task.evaluate(data).get("loss"), 1e-5);
        double stepped = 0;
        for (Batch batch : DataLoader.sequential(data, 2).epoch(0)) {
            stepped += task.step(batch).get("loss") / 6;          // a rate of 1e-30 leaves the weights as they are
        }
        assertEquals(oneRun, stepped, 1e-5);
        SupervisedTask fresh = SupervisedTask.of(model, new Sgd(model.namedParameters(), 1e-30f), Objective.classification(vocabulary));
        assertEquals(oneRun, task.evaluate(data).get("loss"), 1e-5, "evaluation starts the streams afresh");
        double chunked = fresh.evaluate(data).get("loss");
        assertEquals(true, Math.abs(chunked - oneRun) > 1e-4, "without carried states each chunk starts from zeros: " + chunked);
    }
}
