package deepvec.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.nn.optim.Adam;
import deepvec.nn.optim.Optimizer;
import deepvec.simd.Gemm;
import deepvec.simd.Reduce;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayersTest {

    @Test
    void linearComputesXWPlusBAndItsGradients() {
        Tensor w = Rng.seeded(1).uniform(-1f, 1f, 4, 3);
        Tensor b = Tensor.of(new float[] {0.5f, -1f, 2f}, 3);
        Linear layer = new Linear(w, b);
        Tensor x = Rng.seeded(2).uniform(-1f, 1f, 5, 4);
        Variable y = layer.forward(Variable.constant(x));
        Tensor expected = Gemm.matmul(x, w);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(expected.get(i, j) + b.get(j), y.value().get(i, j), 1e-6f);
            }
        }
        Tensor r = Rng.seeded(3).uniform(-1f, 1f, 5, 3);                   // L = sum(y * r)
        Ops.sum(Ops.mul(y, Variable.constant(r))).backward();
        assertArrayEquals(Gemm.matmul(x.transpose(0, 1), r).toArray(), layer.namedParameters().get("weight").grad().toArray(), 1e-5f);
        assertArrayEquals(Reduce.sum(r, 0, false).toArray(), layer.namedParameters().get("bias").grad().toArray(), 1e-5f);
        assertThrows(ShapeException.class, () -> layer.forward(Variable.constant(Tensor.zeros(5, 3))));
    }

    @Test
    void sequentialNamesParametersInOrder() {
        Sequential net = new Sequential(new Linear(3, 4, Rng.seeded(4)), Activation.relu(), new Linear(4, 2, Rng.seeded(5)));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(net.namedParameters().keySet()));
        assertEquals(4, net.parameters().size());
        assertSame(net.namedParameters().get("2.bias"), net.parameters().get(3));
    }

    @Test
    void dropoutKeepsTheExpectationInTrainingAndIsIdentityInEvaluation() {
        Dropout dropout = new Dropout(0.3f, 6);
        Tensor ones = Tensor.full(1f, 200, 500);
        Tensor out = ForwardContext.training().call(() -> dropout.forward(Variable.constant(ones))).value();
        int zeros = 0;
        for (float v : out.toArray()) {
            assertTrue(v == 0f || Math.abs(v - 1f / 0.7f) < 1e-6f);
            zeros += v == 0f ? 1 : 0;
        }
        assertEquals(0.3, zeros / 100_000.0, 0.01);
        assertEquals(1f, Reduce.mean(out), 0.01f);
        Variable input = Variable.constant(ones);
        assertSame(input, dropout.forward(input));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1f, 1));
    }

    @Test
    void anMlpLearnsANonLinearBoundary() {
        // two concentric rings: not linearly separable
        Rng rng = Rng.seeded(7);
        int n = 400;
        Tensor x = Tensor.zeros(n, 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            double radius = (labels[i] == 0 ? 0.5 : 1.5) + 0.2 * (rng.nextFloat() - 0.5);
            double angle = 2 * Math.PI * rng.nextFloat();
            x.set((float) (radius * Math.cos(angle)), i, 0);
            x.set((float) (radius * Math.sin(angle)), i, 1);
        }
        Sequential net = new Sequential(new Linear(2, 16, rng), Activation.tanh(), new Linear(16, 2, rng));
        Optimizer adam = new Adam(net.namedParameters(), 0.05f);
        for (int step = 0; step < 300; step++) {
            adam.zeroGrad();
            Losses.crossEntropy(net.forward(Variable.constant(x)), labels, Reduction.MEAN).backward();
            adam.step();
        }
        int[] predicted = Autograd.noGrad(() -> Reduce.argmax(net.forward(Variable.constant(x)).value(), 1));
        int correct = 0;
        for (int i = 0; i < n; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        assertTrue(correct >= 0.98 * n, "accuracy " + correct / (double) n);
    }
}
