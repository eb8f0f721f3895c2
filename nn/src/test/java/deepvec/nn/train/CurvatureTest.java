package deepvec.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Hessian-vector products and the curvature terms against a quadratic's closed form. */
class CurvatureTest {

    /** J(theta) = 1/2 theta^T A theta - b^T theta with A symmetric positive definite: g = A theta - b, H = A. */
    @Test
    void onAQuadraticTheProductIsAvAndTheTermsAreClosedForm() {
        int n = 6;
        Tensor r = Rng.seeded(1).uniform(-1f, 1f, n, n);
        double[][] a = new double[n][n];
        float[] af = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += r.get(k, i) * r.get(k, j);
                }
                a[i][j] = s + (i == j ? 0.5 : 0);
                af[i * n + j] = (float) a[i][j];
            }
        }
        Tensor aTensor = Tensor.of(af, n, n);
        Tensor b = Rng.seeded(2).uniform(-1f, 1f, n, 1);
        Variable theta = Variable.parameter(Rng.seeded(3).uniform(-1f, 1f, n, 1));
        Supplier<Variable> objective = () -> Ops.sub(
                Ops.scale(Ops.sum(Ops.mul(theta, Ops.matmul(Variable.constant(aTensor), theta))), 0.5f),
                Ops.sum(Ops.mul(Variable.constant(b), theta)));
        float[] before = theta.value().toArray();

        Tensor v = Rng.seeded(4).uniform(-1f, 1f, n, 1);
        Tensor hv = Curvature.hessianVectorProduct(objective, List.of(theta), List.of(v)).get(0);
        for (int i = 0; i < n; i++) {
            double expected = 0;
            for (int j = 0; j < n; j++) {
                expected += a[i][j] * v.get(j, 0);
            }
            assertEquals(expected, hv.get(i, 0), 2e-3 * (1 + Math.abs(expected)), "(Av)_" + i);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, theta.value().toArray(), 0f, "parameters restored exactly");

        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                g[i] += a[i][j] * before[j];
            }
            g[i] -= b.get(i, 0);
        }
        double gg = 0;
        double gHg = 0;
        for (int i = 0; i < n; i++) {
            gg += g[i] * g[i];
            for (int j = 0; j < n; j++) {
                gHg += g[i] * a[i][j] * g[j];
            }
        }
        Curvature.Estimate estimate = Curvature.alongGradient(objective, List.of(theta));
        assertEquals(gg, estimate.gradientSquared(), 1e-4 * gg);
        assertEquals(gHg, estimate.curvature(), 2e-3 * gHg);
        // for a quadratic the second-order model of eq. 4.9 is exact
        double eps = 0.7 * estimate.optimalStep();
        double j0 = objective.get().value().get(0);
        float[] stepped = before.clone();
        for (int i = 0; i < n; i++) {
            stepped[i] -= (float) (eps * g[i]);
        }
        System.arraycopy(stepped, 0, theta.value().data(), 0, n);
        double j1 = objective.get().value().get(0);
        assertEquals(estimate.predictedChange(eps), j1 - j0, 1e-3 * Math.abs(j1 - j0));
    }
}
