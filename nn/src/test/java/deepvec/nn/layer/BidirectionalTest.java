package deepvec.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import deepvec.nn.autograd.Variable;
import deepvec.simd.Recurrent;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import org.junit.jupiter.api.Test;

/** The bidirectional wrapper against its two cells run by hand, and padded batches against examples run alone. */
class BidirectionalTest {

    @Test
    void itsHalvesAreTheCellsReadingForwardsAndBackwards() {
        Bidirectional both = new Bidirectional(Recurrent.Cell.GRU, 3, 4, true, Rng.seeded(1));
        Tensor x = Rng.seeded(2).uniform(-1f, 1f, 2, 5, 3);
        Tensor out = both.predict(x);
        assertArrayEquals(new int[] {2, 5, 8}, out.shape());
        RecurrentLayer forwards = (RecurrentLayer) both.children().get("forward");
        RecurrentLayer backwards = (RecurrentLayer) both.children().get("backward");
        Tensor ahead = forwards.predict(x);
        Tensor reversed = Tensor.zeros(2, 5, 3);
        for (int n = 0; n < 2; n++) {
            for (int t = 0; t < 5; t++) {
                for (int d = 0; d < 3; d++) {
                    reversed.set(x.get(n, 4 - t, d), n, t, d);
                }
            }
        }
        Tensor back = backwards.predict(reversed);
        for (int n = 0; n < 2; n++) {
            for (int t = 0; t < 5; t++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(ahead.get(n, t, j), out.get(n, t, j), 1e-6f);
                    assertEquals(back.get(n, 4 - t, j), out.get(n, t, 4 + j), 1e-6f);
                }
            }
        }
        assertEquals(2 * 3 * 4 * (3 + 4 + 2), both.parameters().stream().mapToInt(p -> p.value().size()).sum());
    }

    @Test
    void aPaddedBatchGivesEachExampleWhatItGetsAlone() {
        Bidirectional last = new Bidirectional(Recurrent.Cell.LSTM, 3, 4, false, Rng.seeded(3));
        Tensor x = Rng.seeded(4).uniform(-1f, 1f, 3, 6, 3);
        int[] lengths = {6, 2, 4};
        Tensor batch = last.forward(Variable.constant(x), lengths).value();
        for (int n = 0; n < 3; n++) {
            Tensor alone = last.predict(x.slice(0, n, n + 1).slice(1, 0, lengths[n]).contiguous());
            assertArrayEquals(alone.toArray(), batch.slice(0, n, n + 1).toArray(), 1e-6f, "example " + n);
        }
    }
}
