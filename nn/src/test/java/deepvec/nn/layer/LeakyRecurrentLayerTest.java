package deepvec.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.GradCheck;
import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
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
        Tensor weights = Rng.seeded(5).uniform(-1f, 1f, 2, 4);
        for (String name : new String[] {"weight_hh", "time_constants", "weight_skip"}) {
            Variable p = layer.namedParameters().get(name);
            p.zeroGrad();
            Ops.sum(Ops.mul(layer.forward(Variable.constant(x)), Variable.constant(weights))).backward();
            float[] analytic = p.grad().toArray();
            float[] values = p.value().data();
            for (int i = 0; i < values.length; i += 3) {
                float saved = values[i];
                values[i] = saved + 1e-3f;
                double plus = Ops.sum(Ops.mul(layer.forward(Variable.constant(x)), Variable.constant(weights))).value().get(0);
                values[i] = saved - 1e-3f;
                double minus = Ops.sum(Ops.mul(layer.forward(Variable.constant(x)), Variable.constant(weights))).value().get(0);
                values[i] = saved;
                assertEquals((plus - minus) / 2e-3, analytic[i], 2e-2 * Math.max(1, Math.abs(analytic[i])), name + " element " + i);
            }
        }
    }
}
