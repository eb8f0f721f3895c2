package deepvec.nn.spi;

import deepvec.nn.autograd.Variable;
import deepvec.nn.optim.Optimizer;
import java.util.Map;

/**
 * The service that adds an optimiser (a {@code --optimizer} name on the command line).
 * deepvec's optimisers of chapter 8 are registered through it exactly as a plugin's are.
 */
public interface OptimizerProvider extends Provider {

    /** The version of this interface; a provider compiled against another one is refused. */
    int SPI_VERSION = 1;

    /**
     * A new optimiser over {@code parameters}.
     *
     * @param parameters by name, as {@link deepvec.nn.layer.Layer#namedParameters()} gives them
     * @param learningRate the step size epsilon
     * @param settings hyperparameters by name; one left out takes the provider's default
     * @throws IllegalArgumentException for an invalid hyperparameter
     */
    Optimizer create(Map<String, Variable> parameters, float learningRate, Settings settings);
}
