package deepvec.probabilistic.mcmc;

import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import java.util.function.UnaryOperator;

/**
 * An unnormalised log-density log p~(x) over R^d, the target a {@link Sampler} draws from, with
 * its gradient (what Hamiltonian Monte Carlo needs). {@link #of} gives both from one autograd
 * expression.
 */
public interface LogDensity {

    /** d, the length of a state. */
    int dimension();

    /** log p~(x), up to an additive constant; -infinity outside the support. */
    double logDensity(double[] x);

    /**
     * log p~(x), with its gradient written to {@code gradient} (length d).
     */
    double logDensityAndGradient(double[] x, double[] gradient);

    /**
     * A log-density given as an autograd expression of the state: {@code expression} maps a
     * {@code [1, d]} variable to a scalar variable (shape {@code [1]} or {@code [1, 1]}), and
     * reverse-mode differentiation (section 6.5) gives the gradient. Computed in float32.
     */
    static LogDensity of(int dimension, UnaryOperator<Variable> expression) {
        if (dimension < 1) {
            throw new IllegalArgumentException("a log-density needs dimension >= 1, got " + dimension);
        }
        return new LogDensity() {
            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public double logDensity(double[] x) {
                return scalar(expression.apply(Variable.constant(state(x))));
            }

            @Override
            public double logDensityAndGradient(double[] x, double[] gradient) {
                Variable state = Variable.parameter(state(x));
                Variable value = expression.apply(state);
                value.backward();
                float[] g = state.grad().data();
                for (int i = 0; i < dimension; i++) {
                    gradient[i] = g[i];
                }
                return scalar(value);
            }

            private Tensor state(double[] x) {
                if (x.length != dimension) {
                    throw new IllegalArgumentException("a state of length " + x.length + "; this log-density is over R^" + dimension);
                }
                float[] values = new float[dimension];
                for (int i = 0; i < dimension; i++) {
                    values[i] = (float) x[i];
                }
                return Tensor.of(values, 1, dimension);
            }

            private double scalar(Variable value) {
                if (value.value().size() != 1) {
                    throw new IllegalArgumentException("a log-density expression must give one number, got shape "
                            + java.util.Arrays.toString(value.value().shape()));
                }
                return value.value().data()[value.value().offset()];
            }
        };
    }
}
