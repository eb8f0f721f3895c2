package deepvec.plugin.samplers.hmc;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.ShapeOps;
import deepvec.nn.autograd.Variable;
import deepvec.probabilistic.mcmc.LogDensity;
import deepvec.simd.Tensor;

/** Targets with known moments, as autograd expressions. */
final class Targets {

    private Targets() {
    }

    /**
     * N(0, Sigma) in d dimensions with the AR(1) covariance {@code Sigma_ij = rho^|i-j|}, whose
     * precision is tridiagonal: {@code P_ii = (1 + rho^2) / (1 - rho^2)} inside,
     * {@code 1 / (1 - rho^2)} at both ends, {@code P_i,i+1 = -rho / (1 - rho^2)}.
     */
    static LogDensity correlatedGaussian(int d, double rho) {
        float[] precision = new float[d * d];
        double scale = 1 / (1 - rho * rho);
        for (int i = 0; i < d; i++) {
            precision[i * d + i] = (float) ((i == 0 || i == d - 1 ? 1 : 1 + rho * rho) * scale);
            if (i + 1 < d) {
                precision[i * d + i + 1] = (float) (-rho * scale);
                precision[(i + 1) * d + i] = (float) (-rho * scale);
            }
        }
        Variable p = Variable.constant(Tensor.of(precision, d, d));
        return LogDensity.of(d, x -> Ops.scale(Ops.sum(Ops.mul(Ops.matmul(x, p), x)), -0.5f));
    }

    /**
     * Haario's banana in two dimensions: {@code x1 ~ N(0, 100)}, {@code x2 | x1 ~ N(b (x1^2 - 100), 1)}.
     * Its means are 0 and 0, {@code Var x1 = 100} and {@code Var x2 = 1 + 2 10^4 b^2}.
     */
    static LogDensity banana(double b) {
        return LogDensity.of(2, x -> {
            Variable x1 = ShapeOps.slice(x, 1, 0, 1);
            Variable x2 = ShapeOps.slice(x, 1, 1, 2);
            Variable bent = Ops.sub(x2, Ops.scale(Ops.sub(Ops.square(x1), Variable.constant(Tensor.of(new float[] {100f}, 1))), (float) b));
            return Ops.scale(Ops.add(Ops.sum(Ops.scale(Ops.square(x1), 0.01f)), Ops.sum(Ops.square(bent))), -0.5f);
        });
    }
}
