package deepvec.nn.layer;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import java.util.function.UnaryOperator;

/**
 * An elementwise (or, for softmax, row-wise) nonlinearity without parameters as a layer
 * (Deep Learning section 6.3). The learned-slope rectifier is {@link PRelu}; maxout is
 * {@link Maxout}.
 */
public final class Activation implements Layer {

    private final LayerConfig config;
    private final UnaryOperator<Variable> function;

    private Activation(LayerConfig config, UnaryOperator<Variable> function) {
        this.config = config;
        this.function = function;
    }

    /** The identity g(z) = z: linear units, as a linear autoencoder's code (section 14.1). */
    public static Activation identity() {
        return new Activation(LayerConfig.of("identity"), x -> x);
    }

    /** Whether {@code layer} is {@link #relu()}. */
    static boolean isRelu(Layer layer) {
        return layer instanceof Activation a && a.config.type().equals("relu");
    }

    /** Rectified linear units, g(z) = max(0, z) (eq. 6.37). */
    public static Activation relu() {
        return new Activation(LayerConfig.of("relu"), Ops::relu);
    }

    /**
     * Leaky ReLU, max(0, z) + alpha min(0, z) with a small fixed alpha (section 6.3.1).
     *
     * @throws IllegalArgumentException unless 0 &lt;= slope &lt; 1
     */
    public static Activation leakyRelu(float slope) {
        if (!(slope >= 0f && slope < 1f)) {
            throw new IllegalArgumentException("leaky ReLU slope must be in [0, 1), got " + slope);
        }
        return new Activation(LayerConfig.of("leaky_relu", "slope", slope), x -> Ops.leakyRelu(x, slope));
    }

    /** Absolute value rectification, |z| (section 6.3.1). */
    public static Activation abs() {
        return new Activation(LayerConfig.of("abs"), Ops::abs);
    }

    /** Logistic sigmoid (eq. 3.30). */
    public static Activation sigmoid() {
        return new Activation(LayerConfig.of("sigmoid"), Ops::sigmoid);
    }

    /** Hyperbolic tangent. */
    public static Activation tanh() {
        return new Activation(LayerConfig.of("tanh"), Ops::tanh);
    }

    /** Softplus, log(1 + e^z) (eq. 3.31), a smooth rectifier. */
    public static Activation softplus() {
        return new Activation(LayerConfig.of("softplus"), Ops::softplus);
    }

    /** Softmax over each row (eq. 6.29), giving a probability distribution per example. */
    public static Activation softmax() {
        return new Activation(LayerConfig.of("softmax"), Ops::softmax);
    }

    @Override
    public Variable forward(Variable input) {
        return function.apply(input);
    }

    @Override
    public LayerConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return config.type();
    }
}
