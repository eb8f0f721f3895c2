package deepvec.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each rule over several steps against the algorithm of Deep Learning chapter 8 written out in
 * double, then convergence on an ill-conditioned quadratic to its closed-form minimum.
 */
class OptimizersTest {

    private static final double[][] GRADIENTS = {{0.5, -1.0, 2.0}, {0.4, -0.5, 1.5}, {-0.2, 0.1, 3.0}, {1.0, -2.0, 0.5}};

    /** Feeds GRADIENTS to the optimizer from theta = (1, 2, 3); returns the final theta. */
    private static float[] run(Function<Map<String, Variable>, Optimizer> make) {
        Variable theta = Variable.parameter(Tensor.of(new float[] {1f, 2f, 3f}, 3));
        Optimizer opt = make.apply(Map.of("theta", theta));
        for (double[] g : GRADIENTS) {
            opt.zeroGrad();
            float[] gf = {(float) g[0], (float) g[1], (float) g[2]};
            Ops.sum(Ops.mul(theta, Variable.constant(Tensor.of(gf, 3)))).backward();   // d/dtheta = g
            opt.step();
        }
        return theta.value().toArray();
    }

    private static void assertClose(double[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "component " + i);
        }
    }

    @Test
    void sgdWithAndWithoutMomentum() {
        double[] plain = {1, 2, 3};
        double[] heavy = {1, 2, 3};
        double[] nesterov = {1, 2, 3};
        double[] v = new double[3];
        double[] w = new double[3];
        for (double[] g : GRADIENTS) {
            for (int i = 0; i < 3; i++) {
                plain[i] -= 0.1 * g[i];
                v[i] = 0.9 * v[i] - 0.1 * g[i];
                heavy[i] += v[i];
                w[i] = 0.9 * w[i] - 0.1 * g[i];
                nesterov[i] += 0.9 * w[i] - 0.1 * g[i];
            }
        }
        assertClose(plain, run(p -> new Sgd(p, 0.1f)));
        assertClose(heavy, run(p -> new Sgd(p, 0.1f, 0.9f, false)));
        assertClose(nesterov, run(p -> new Sgd(p, 0.1f, 0.9f, true)));
    }

    @Test
    void adaptiveRules() {
        double[] ada = {1, 2, 3};
        double[] rms = {1, 2, 3};
        double[] adam = {1, 2, 3};
        double[] delta = {1, 2, 3};
        double[] r1 = new double[3];
        double[] r2 = new double[3];
        double[] s3 = new double[3];
        double[] r3 = new double[3];
        double[] r4 = new double[3];
        double[] u4 = new double[3];
        int t = 0;
        for (double[] g : GRADIENTS) {
            t++;
            for (int i = 0; i < 3; i++) {
                r1[i] += g[i] * g[i];
                ada[i] -= 0.1 * g[i] / (1e-7 + Math.sqrt(r1[i]));
                r2[i] = 0.9 * r2[i] + 0.1 * g[i] * g[i];
                rms[i] -= 0.01 * g[i] / Math.sqrt(1e-6 + r2[i]);
                s3[i] = 0.9 * s3[i] + 0.1 * g[i];
                r3[i] = 0.999 * r3[i] + 0.001 * g[i] * g[i];
                adam[i] -= 0.05 * (s3[i] / (1 - Math.pow(0.9, t))) / (Math.sqrt(r3[i] / (1 - Math.pow(0.999, t))) + 1e-8);
                r4[i] = 0.95 * r4[i] + 0.05 * g[i] * g[i];
                double dx = -Math.sqrt(u4[i] + 1e-6) / Math.sqrt(r4[i] + 1e-6) * g[i];
                u4[i] = 0.95 * u4[i] + 0.05 * dx * dx;
                delta[i] += dx;
            }
        }
        assertClose(ada, run(p -> new AdaGrad(p, 0.1f, 1e-7f)));
        assertClose(rms, run(p -> new RmsProp(p, 0.01f, 0.9f, 1e-6f)));
        assertClose(adam, run(p -> new Adam(p, 0.05f)));
        assertClose(delta, run(p -> new AdaDelta(p, 1f, 0.95f, 1e-6f)));
    }

    @Test
    void adamsFirstStepHasTheLearningRateWhateverTheGradientScale() {
        for (float scale : new float[] {1e-3f, 1f, 1e3f}) {
            Variable theta = Variable.parameter(Tensor.of(new float[] {0f}, 1));
            Optimizer adam = new Adam(Map.of("theta", theta), 0.01f);
            Ops.sum(Ops.mul(theta, Variable.constant(Tensor.of(new float[] {scale}, 1)))).backward();
            adam.step();
            assertEquals(-0.01f, theta.value().get(0), 1e-5f);   // bias correction at work
        }
    }

    @Test
    void everyRuleMinimisesAnIllConditionedQuadratic() {
        // f(theta) = 1/2 sum a_i theta_i^2 - sum b_i theta_i, minimum at b_i / a_i; condition 50
        Tensor halfA = Tensor.of(new float[] {0.5f, 25f}, 2);
        Tensor b = Tensor.of(new float[] {1f, 1f}, 2);
        List<Function<Map<String, Variable>, Optimizer>> rules = List.of(
                p -> new Sgd(p, 0.03f), p -> new Sgd(p, 0.01f, 0.9f, false), p -> new Sgd(p, 0.01f, 0.9f, true),
                p -> new AdaGrad(p, 0.5f, 1e-7f), p -> new RmsProp(p, 0.01f, 0.9f, 1e-8f),
                p -> new RmsProp(p, 0.005f, 0.9f, 1e-8f, 0.5f, true), p -> new Adam(p, 0.02f),
                p -> new AdaDelta(p, 1f, 0.95f, 1e-6f));      // Zeiler's settings; delta 1e-4 oscillates by 0.3
        for (Function<Map<String, Variable>, Optimizer> rule : rules) {
            Variable theta = Variable.parameter(Tensor.zeros(2));
            Optimizer opt = rule.apply(Map.of("theta", theta));
            for (int step = 0; step < 4000; step++) {
                opt.zeroGrad();
                Variable f = Ops.sub(Ops.sum(Ops.mul(Variable.constant(halfA), Ops.square(theta))),
                        Ops.sum(Ops.mul(Variable.constant(b), theta)));
                f.backward();
                opt.step();
            }
            String name = opt.getClass().getSimpleName();
            assertEquals(1f, theta.value().get(0), 0.02f, name);
            assertEquals(1f / 50, theta.value().get(1), 0.02f, name);
        }
    }

    @Test
    void badHyperParametersAndParametersAreRejected() {
        Map<String, Variable> p = Map.of("p", Variable.parameter(Tensor.zeros(2)));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(p, 0f));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(p, 0.1f, 1f, false));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(p, 0.1f, 0f, true));
        assertThrows(IllegalArgumentException.class, () -> new Adam(p, 0.1f, 1f, 0.999f, 1e-8f));
        assertThrows(IllegalArgumentException.class, () -> new AdaGrad(p, 0.1f, 0f));
        assertThrows(IllegalArgumentException.class,
                () -> new Sgd(Map.of("view", Variable.parameter(Tensor.zeros(4).slice(0, 1, 3))), 0.1f));
    }
}
