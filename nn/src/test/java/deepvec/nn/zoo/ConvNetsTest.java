package deepvec.nn.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.Sequential;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvNetsTest {

    private static long parameterCount(Sequential model) {
        return model.parameters().stream().mapToLong(p -> p.value().size()).sum();
    }

    @Test
    void referenceCnnHasTheSpecifiedLayersAndMapsImagesToLogits() {
        Sequential model = ConvNets.reference(10, 1);
        // conv 1->32 3x3 + bias, conv 32->64 3x3 + bias, linear 3136->128, linear 128->10
        long expected = (32 * 9 + 32) + (64 * 32 * 9 + 64) + (3136 * 128 + 128) + (128 * 10 + 10);
        assertEquals(expected, parameterCount(model));
        Tensor logits = model.forward(Variable.constant(Rng.seeded(2).uniform(0f, 1f, 3, 784))).value();
        assertArrayEquals(new int[] {3, 10}, logits.shape());
    }

    @Test
    void theFusedForwardPassGivesTheBitsOfTheLayersOneByOne() {
        for (Sequential model : List.of(ConvNets.reference(10, 3), FeedForwardNets.mlp(784, 10, "relu", 0f, 3))) {
            Tensor x = Rng.seeded(4).uniform(0f, 1f, 5, 784);
            Variable fused = Ops.sum(Ops.square(model.forward(Variable.constant(x))));
            fused.backward();
            List<Tensor> fusedGradients = model.parameters().stream().map(p -> p.grad().copy()).toList();
            model.parameters().forEach(Variable::zeroGrad);
            Variable h = Variable.constant(x);
            for (Layer layer : model.layers()) {
                h = layer.forward(h);
            }
            Variable separate = Ops.sum(Ops.square(h));
            separate.backward();
            assertEquals(separate.value().get(0), fused.value().get(0), 0f);
            for (int i = 0; i < fusedGradients.size(); i++) {
                assertArrayEquals(model.parameters().get(i).grad().toArray(), fusedGradients.get(i).toArray(), 0f, "parameter " + i);
            }
        }
    }

    @Test
    void batchNormCnnHasTheSpecifiedLayersAndTheSameSeedGivesTheSameWeights() {
        Sequential model = ConvNets.batchNormalized(10, 0.25f, 7);
        // four bias-free convolutions, five batch norms (gamma, beta), two linear layers
        long convolutions = 32 * 9 + 32 * 32 * 9 + 64 * 32 * 9 + 64 * 64 * 9;
        long norms = 2 * (32 + 32 + 64 + 64 + 256);
        long linear = (3136 * 256 + 256) + (256 * 10 + 10);
        assertEquals(convolutions + norms + linear, parameterCount(model));
        List<Variable> again = ConvNets.batchNormalized(10, 0.25f, 7).parameters();
        for (int i = 0; i < again.size(); i++) {
            assertArrayEquals(model.parameters().get(i).value().data(), again.get(i).value().data(), "parameter " + i);
        }
        Tensor logits = model.predict(Rng.seeded(2).uniform(0f, 1f, 2, 784));
        assertArrayEquals(new int[] {2, 10}, logits.shape());
    }
}
