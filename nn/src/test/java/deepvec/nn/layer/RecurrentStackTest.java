package deepvec.nn.layer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.GradCheck;
import deepvec.nn.autograd.Variable;
import deepvec.simd.Recurrent;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import org.junit.jupiter.api.Test;

/** A multi-layer recurrent stack (an LSTM feeding a GRU, many-to-one) back-propagates through both layers and all steps. */
class RecurrentStackTest {

    @Test
    void aTwoLayerStackMatchesFiniteDifferences() {
        Rng rng = Rng.seeded(1);
        Sequential stack = new Sequential(new RecurrentLayer(Recurrent.Cell.LSTM, 3, 4, true, rng),
                new RecurrentLayer(Recurrent.Cell.GRU, 4, 3, false, rng), new Linear(3, 2, rng));
        Tensor x = Rng.seeded(2).uniform(-1f, 1f, 2, 5, 3);
        GradCheck.Result parameters = GradCheck.checkParameters(() -> stack.forward(Variable.constant(x)), stack.namedParameters(),
                1e-2, 5);
        assertTrue(parameters.maxError() < 2e-2, parameters.toString());
        GradCheck.Result input = GradCheck.check(v -> stack.forward(v[0]), 1e-2, x);
        assertTrue(input.maxError() < 2e-2, input.toString());
    }
}
