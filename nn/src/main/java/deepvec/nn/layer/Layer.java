package deepvec.nn.layer;

import deepvec.nn.autograd.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One stage of a network: a differentiable function of its input and its own parameters.
 * Parameters are named, in a stable order, so that optimizers and checkpoints can address them.
 */
public interface Layer {

    /** Applies the layer to a batch (rows are examples). */
    Variable forward(Variable input);

    /** This layer's parameters by name, in a stable order; empty for a stateless layer. */
    default Map<String, Variable> namedParameters() {
        return Map.of();
    }

    /** The parameters in the order of {@link #namedParameters()}. */
    default List<Variable> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Switches training behaviour (dropout, batch statistics) on or off; ignored by default. */
    default void setTraining(boolean training) {
    }
}
