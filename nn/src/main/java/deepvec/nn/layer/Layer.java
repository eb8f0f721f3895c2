package deepvec.nn.layer;

import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.List;
import java.util.Map;

/**
 * One node of a network's module tree: a differentiable function of its input, its own
 * parameters and its named children. A leaf layer (linear, convolution) overrides
 * {@link #localParameters()}; a composite (a {@link Sequential}, an autoencoder written in plain
 * Java) overrides {@link #children()}; many do both. The tree gives every parameter a path name,
 * such as {@code encoder.0.weight}, that stays stable across save and load, and
 * {@link #config()} says how to rebuild the layer, so a checkpoint can be loaded without code.
 *
 * <p>Layers hold no per-call state: whether a forward pass trains (dropout, batch statistics)
 * and the activity penalties it adds travel in the {@link ForwardContext}. Outside a training
 * context a forward pass evaluates, so a model is used for inference with {@link #predict}.
 */
public interface Layer {

    /** Applies the layer to a batch (the first axis indexes the examples). */
    Variable forward(Variable input);

    /** The type and settings that rebuild this layer through its {@link deepvec.nn.spi.LayerProvider}. */
    LayerConfig config();

    /** The sub-layers by name, in a stable order; empty for a leaf. */
    default Map<String, Layer> children() {
        return Map.of();
    }

    /** This layer's own parameters by name, in a stable order, not its children's. */
    default Map<String, Variable> localParameters() {
        return Map.of();
    }

    /**
     * This layer's own state that is saved with the parameters but not trained by gradients
     * (the running statistics of batch normalisation); names differ from the parameters'. The
     * tensors are live: loading a checkpoint writes into them.
     */
    default Map<String, Tensor> localBuffers() {
        return Map.of();
    }

    /**
     * The random generators this layer itself draws from while training (dropout masks), so a
     * checkpoint can save their positions and a resumed run draws the same numbers.
     */
    default Map<String, Rng> localGenerators() {
        return Map.of();
    }

    /**
     * Every parameter of the tree by path name, own first, then each child's under its name.
     * A parameter shared by two layers (tied weights) appears once, under its first name.
     */
    default Map<String, Variable> namedParameters() {
        return LayerTree.collect(this, Layer::localParameters);
    }

    /** The parameters in the order of {@link #namedParameters()}. */
    default List<Variable> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** Every buffer of the tree by path name. */
    default Map<String, Tensor> namedBuffers() {
        return LayerTree.collect(this, Layer::localBuffers);
    }

    /** Every random generator of the tree by path name. */
    default Map<String, Rng> generators() {
        return LayerTree.collect(this, Layer::localGenerators);
    }

    /**
     * Runs the model on {@code input} in evaluation mode without recording a graph: the
     * output of {@link #forward} as a plain tensor.
     */
    default Tensor predict(Tensor input) {
        return LayerTree.predict(this, input);
    }
}
