package deepvec.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Activation;
import deepvec.nn.layer.Autoencoder;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Sequential;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Optimizers over named parameters: shared and tied parameters are updated once with the sum
 * of their uses' gradients, gradients set from outside autograd are stepped like any other,
 * and frozen parameters neither move nor count in clipping norms.
 */
class NamedParametersTest {

    private static final Tensor X = Rng.seeded(1).uniform(-1f, 1f, 5, 3);

    private static Variable loss(Variable out) {
        return Ops.sum(Ops.square(out));
    }

    @Test
    void aLayerUsedTwiceIsOneParameterWhoseGradientSumsBothUses() {
        Linear shared = new Linear(3, 3, Rng.seeded(2));
        Sequential twice = new Sequential(shared, Activation.tanh(), shared);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(twice.namedParameters().keySet()));
        Sgd sgd = new Sgd(twice.namedParameters(), 0.1f);
        assertEquals(2, sgd.parameters().size());

        // the oracle: the same function with two separate copies of the layer
        Linear first = new Linear(shared.namedParameters().get("weight").value(), shared.namedParameters().get("bias").value());
        Linear second = new Linear(shared.namedParameters().get("weight").value(), shared.namedParameters().get("bias").value());
        loss(new Sequential(first, Activation.tanh(), second).forward(Variable.constant(X))).backward();
        Tensor expectedWeightGradient = deepvec.simd.Elementwise.add(first.namedParameters().get("weight").grad(),
                second.namedParameters().get("weight").grad());

        float[] before = shared.namedParameters().get("weight").value().toArray();
        loss(twice.forward(Variable.constant(X))).backward();
        assertArrayEquals(expectedWeightGradient.toArray(), shared.namedParameters().get("weight").grad().toArray(), 1e-6f);
        sgd.step();
        float[] after = shared.namedParameters().get("weight").value().toArray();
        for (int i = 0; i < after.length; i++) {
            assertEquals(before[i] - 0.1f * expectedWeightGradient.data()[i], after[i], 1e-6f, "updated once, element " + i);
        }
    }

    @Test
    void tiedAutoencoderWeightsGetTheEncoderAndDecoderGradients() {
        Autoencoder tied = new Autoencoder(3, 2, Activation.tanh(), true, Rng.seeded(3));
        Tensor w = tied.namedParameters().get("encoder.weight").value();
        // untied twin with V = W^T: dL/dW (tied) = dL/dW (encoder) + (dL/dV)^T
        Autoencoder untied = new Autoencoder(3, 2, Activation.tanh(), false, Rng.seeded(3));
        System.arraycopy(w.data(), 0, untied.namedParameters().get("encoder.weight").value().data(), 0, w.size());
        System.arraycopy(w.transpose(0, 1).contiguous().data(), 0, untied.namedParameters().get("decoder.weight").value().data(), 0,
                w.size());
        loss(tied.forward(Variable.constant(X))).backward();
        loss(untied.forward(Variable.constant(X))).backward();
        Tensor expected = deepvec.simd.Elementwise.add(untied.namedParameters().get("encoder.weight").grad(),
                untied.namedParameters().get("decoder.weight").grad().transpose(0, 1));
        assertArrayEquals(expected.toArray(), tied.namedParameters().get("encoder.weight").grad().toArray(), 1e-5f);
    }

    @Test
    void anExternalGradientIsSteppedByAdamAndItsStateIsKeyedByName() {
        Variable w = Variable.parameter(Tensor.of(new float[] {1f, -2f, 0.5f}, 3));
        Adam adam = new Adam(Map.of("w", w), 0.01f);
        w.accumulateGrad(Tensor.of(new float[] {0.3f, -4f, 0f}, 3));      // e.g. contrastive divergence statistics
        w.accumulateGrad(Tensor.of(new float[] {0.1f, 1f, 0f}, 3));       // e.g. a second worker's share
        adam.step();
        // Adam's first step is eps * g / (|g| + delta) after bias correction: eps sign(g), 0 where g = 0
        assertArrayEquals(new float[] {1f - 0.01f, -2f + 0.01f, 0.5f}, w.value().toArray(), 1e-6f);
        assertEquals(2, adam.state("w").size(), "first and second moments");
        assertEquals(0.4f * 0.1f, adam.state("w").get(0)[0], 1e-7f, "s = (1 - rho1) g");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> adam.state("v"));
        assertTrue(unknown.getMessage().contains("[w]"), unknown.getMessage());
    }

    @Test
    void frozenParametersDoNotMoveOrCountInTheClippingNorm() {
        Variable frozen = Variable.parameter(Tensor.full(3f, 2));
        Variable trained = Variable.parameter(Tensor.full(4f, 2));
        Sgd sgd = new Sgd(Map.of("frozen", frozen, "trained", trained), 0.1f);
        frozen.setRequiresGrad(false);
        Ops.add(loss(frozen), loss(trained)).backward();
        double norm = GradientClipping.clipByNorm(sgd.parameters().values(), 1f);
        assertEquals(Math.sqrt(2 * 8 * 8), norm, 1e-5, "only the trained parameter's gradient 2 * 4 per element");
        sgd.step();
        assertArrayEquals(new float[] {3f, 3f}, frozen.value().toArray());
        float step = (float) (0.1 * 8 / norm);
        assertArrayEquals(new float[] {4f - step, 4f - step}, trained.value().toArray(), 1e-6f);
    }

    @Test
    void restoringStateChecksTheNamesBeforeChangingAnything() {
        Variable w = Variable.parameter(Tensor.zeros(2));
        Adam adam = new Adam(Map.of("w", w), 0.01f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.restore(3, Map.of("v", List.of(new float[2]))));
        assertTrue(e.getMessage().contains("missing [w]") && e.getMessage().contains("unknown [v]"), e.getMessage());
        assertEquals(0, adam.steps());
    }
}
