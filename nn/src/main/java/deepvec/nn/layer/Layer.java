package deepvec.nn.layer;

import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One stage of a network: a differentiable function of its input and its own parameters.
 * Parameters are named, in a stable order, so that optimizers and checkpoints can address them;
 * {@link #config()} says how to rebuild the layer, so a checkpoint can be loaded without code.
 */
public interface Layer {

    /** Applies the layer to a batch (rows are examples). */
    Variable forward(Variable input);

    /** The type and settings that rebuild this layer through its {@link LayerProvider}. */
    LayerConfig config();

    /** This layer's parameters by name, in a stable order; empty for a stateless layer. */
    default Map<String, Variable> namedParameters() {
        return Map.of();
    }

    /** The parameters in the order of {@link #namedParameters()}. */
    default List<Variable> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * State that is saved with the parameters but not trained by gradients, by name (the
     * running statistics of batch normalisation); names must differ from the parameters'.
     * The tensors are live: loading a checkpoint writes into them.
     */
    default Map<String, Tensor> namedBuffers() {
        return Map.of();
    }

    /**
     * The random generators this layer draws from while training (dropout masks), by name, so
     * a checkpoint can save their positions and a resumed run draws the same numbers.
     */
    default Map<String, Rng> generators() {
        return Map.of();
    }

    /**
     * Penalties on activations that the last forward pass added to the objective, such as the
     * sparsity penalty Omega(h) of section 7.10; a trainer adds them to the loss.
     */
    default List<Variable> activityPenalties() {
        return List.of();
    }

    /** Switches training behaviour (dropout, batch statistics) on or off; ignored by default. */
    default void setTraining(boolean training) {
    }
}
