package deepvec.nn.regularize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.GradCheck;
import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Activation;
import deepvec.nn.layer.ForwardContext;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Sequential;
import deepvec.nn.layer.SparsityPenalty;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.simd.Elementwise;
import deepvec.simd.Softmax;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Max-norm projection, the activation sparsity penalty and the fast gradient sign method. */
class RegularizersTest {

    @Test
    void maxNormRescalesOnlyTheColumnsOutsideTheBall() {
        Tensor w = Tensor.of(new float[] {3f, 0.1f, 4f, 0.2f}, 2, 2);    // column norms 5 and ~0.224
        Variable p = Variable.parameter(w);
        Variable bias = Variable.parameter(Tensor.of(new float[] {10f, 10f}, 2));
        MaxNorm constraint = new MaxNorm(2f);
        constraint.project(p);
        constraint.project(bias);
        assertEquals(1.2f, p.value().get(0, 0), 1e-6f);
        assertEquals(1.6f, p.value().get(1, 0), 1e-6f);
        assertEquals(0.1f, p.value().get(0, 1));
        assertEquals(0.2f, p.value().get(1, 1));
        assertEquals(10f, bias.value().get(0), "vectors are not constrained");
    }

    @Test
    void theSparsityPenaltyIsAlphaTimesTheMeanL1NormAndItsGradientChecks() {
        SparsityPenalty penalty = new SparsityPenalty(0.3f);
        Tensor h = Tensor.of(new float[] {0.5f, -1f, 0.25f, 2f, -0.75f, 0.4f}, 2, 3);
        ForwardContext pass = ForwardContext.training();
        pass.call(() -> penalty.forward(Variable.constant(h)));
        assertEquals(0.3f * (0.5f + 1f + 0.25f + 2f + 0.75f + 0.4f) / 2, pass.penalties().get(0).value().get(0), 1e-6f);
        GradCheck.Result r = GradCheck.check(v -> {
            ForwardContext checked = ForwardContext.training();
            Variable out = checked.call(() -> penalty.forward(v[0]));
            return Ops.add(Ops.sum(Ops.square(out)), checked.penalties().get(0));
        }, 1e-2, h);
        assertTrue(r.maxError() < 2e-3, "max error " + r.maxError());
        ForwardContext twice = ForwardContext.training();
        twice.call(() -> penalty.forward(penalty.forward(Variable.constant(h))));
        assertEquals(2, twice.penalties().size(), "a layer applied twice adds two penalties");
        for (ForwardContext quiet : new ForwardContext[] {ForwardContext.evaluation(), ForwardContext.probe()}) {
            quiet.call(() -> penalty.forward(Variable.constant(h)));
            assertTrue(quiet.penalties().isEmpty(), "no penalty in evaluation or a probing pass");
        }
    }

    @Test
    void fgsmOnALinearSoftmaxModelMatchesTheClosedFormGradientSign() {
        // logits z = x W + b; d J / d x = (softmax(z) - onehot(y)) W^T / n for the mean cross-entropy
        Rng rng = Rng.seeded(3);
        Linear linear = new Linear(5, 4, rng);
        Tensor x = rng.uniform(-1f, 1f, 6, 5);
        int[] y = {0, 1, 2, 3, 1, 0};
        float eps = 0.1f;
        Tensor adversarial = FastGradientSign.perturb(linear, x, crossEntropyAt(y), eps);
        Tensor w = linear.namedParameters().get("weight").value();
        Tensor p = Softmax.softmax(linear.forward(Variable.constant(x)).value(), 1);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 5; j++) {
                double g = 0;
                for (int c = 0; c < 4; c++) {
                    g += (p.get(i, c) - (y[i] == c ? 1 : 0)) * w.get(j, c);
                }
                assertEquals(x.get(i, j) + eps * Math.signum(g), adversarial.get(i, j), 1e-6);
            }
        }
        assertTrue(loss(linear, adversarial, y) > loss(linear, x, y), "the perturbation increases the loss");
        assertEquals(null, linear.namedParameters().get("weight").grad(), "parameter gradients are left alone");
        Tensor zero = FastGradientSign.perturb(linear, x, crossEntropyAt(y), 0f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(x.toArray(), zero.toArray(), 0f);
    }

    private static Function<Variable, Variable> crossEntropyAt(int[] labels) {
        return logits -> Losses.crossEntropy(logits, labels, Reduction.MEAN);
    }

    private static float loss(Linear model, Tensor x, int[] y) {
        return Autograd.noGrad(() -> Losses.crossEntropy(model.forward(Variable.constant(x)), y, Reduction.MEAN)).value().get(0);
    }

    @Test
    void sparsityPenaltyTrainingGivesSparserHiddenUnits() {
        Tensor x = Rng.seeded(4).uniform(-1f, 1f, 256, 8);
        int[] y = new int[256];
        for (int i = 0; i < 256; i++) {
            y[i] = x.get(i, 0) + x.get(i, 1) > 0 ? 1 : 0;
        }
        double plain = hiddenZeroFraction(x, y, 0f);
        double sparse = hiddenZeroFraction(x, y, 0.05f);
        assertTrue(sparse > plain + 0.1, "zero fraction " + sparse + " with the penalty vs " + plain + " without");
    }

    private static double hiddenZeroFraction(Tensor x, int[] y, float alpha) {
        Rng rng = Rng.seeded(5);
        Linear first = new Linear(8, 32, rng);
        Sequential hidden = new Sequential(first, Activation.relu());
        SparsityPenalty penalty = new SparsityPenalty(alpha);
        Sequential model = new Sequential(hidden, penalty, new Linear(32, 2, rng));
        deepvec.nn.optim.Adam adam = new deepvec.nn.optim.Adam(model.namedParameters(), 1e-2f);
        for (int step = 0; step < 300; step++) {
            adam.zeroGrad();
            ForwardContext pass = ForwardContext.training();
            Variable objective = Losses.crossEntropy(pass.call(() -> model.forward(Variable.constant(x))), y, Reduction.MEAN);
            for (Variable extra : pass.penalties()) {
                objective = Ops.add(objective, extra);
            }
            objective.backward();
            adam.step();
        }
        Tensor h = Autograd.noGrad(() -> hidden.forward(Variable.constant(x))).value();
        Tensor zeros = Elementwise.binary(deepvec.simd.BinaryOp.LESS, h, Tensor.scalar(1e-6f));
        return deepvec.simd.Reduce.mean(zeros);
    }
}
