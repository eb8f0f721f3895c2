package deepvec.nn.layer;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import java.util.function.UnaryOperator;

/** An elementwise nonlinearity as a layer (Deep Learning section 6.3). */
public final class Activation implements Layer {

    private final String name;
    private final UnaryOperator<Variable> function;

    private Activation(String name, UnaryOperator<Variable> function) {
        this.name = name;
        this.function = function;
    }

    /** Rectified linear units, max(0, x) (eq. 6.37). */
    public static Activation relu() {
        return new Activation("relu", Ops::relu);
    }

    /** Logistic sigmoid. */
    public static Activation sigmoid() {
        return new Activation("sigmoid", Ops::sigmoid);
    }

    /** Hyperbolic tangent. */
    public static Activation tanh() {
        return new Activation("tanh", Ops::tanh);
    }

    /** Absolute value rectification, |x| (section 6.3.1). */
    public static Activation abs() {
        return new Activation("abs", Ops::abs);
    }

    @Override
    public Variable forward(Variable input) {
        return function.apply(input);
    }

    @Override
    public String toString() {
        return name;
    }
}
