package deepvec.nn.zoo;

import deepvec.nn.layer.Activation;
import deepvec.nn.layer.Dropout;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Maxout;
import deepvec.nn.layer.PRelu;
import deepvec.nn.layer.Sequential;
import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Fully connected classifiers (Deep Learning chapter 6), the networks {@code deepvec train
 * --model mlp} trains and the MLP benchmarks measure; the convolutional ones are
 * {@link ConvNets}. The same seed gives the same initial weights.
 */
public final class FeedForwardNets {

    /** Hidden units of the MLP: 784-256-128-10. */
    public static final int[] MLP_HIDDEN = {256, 128};

    private FeedForwardNets() {
    }

    /**
     * A fully connected network inputs-256-128-classes with the named hidden activation and, when
     * {@code dropout > 0}, dropout after each hidden layer.
     *
     * @param activation relu, leaky-relu, prelu, abs, tanh, sigmoid, softplus or maxout (two pieces per unit)
     * @throws IllegalArgumentException for another activation name
     */
    public static Sequential mlp(int inputs, int classes, String activation, float dropout, long seed) {
        Rng rng = Rng.seeded(seed);
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (int i = 0; i < MLP_HIDDEN.length; i++) {
            int units = MLP_HIDDEN[i];
            if (activation.equals("maxout")) {
                layers.add(new Maxout(width, units, 2, rng));
            } else {
                layers.add(new Linear(width, units, rng));
                layers.add(hidden(activation).apply(units));
            }
            if (dropout > 0f) {
                layers.add(new Dropout(dropout, seed * 31 + i));
            }
            width = units;
        }
        layers.add(new Linear(width, classes, rng));
        return new Sequential(layers);
    }

    private static IntFunction<Layer> hidden(String activation) {
        return switch (activation) {
            case "relu" -> units -> Activation.relu();
            case "leaky-relu" -> units -> Activation.leakyRelu(0.01f);
            case "prelu" -> PRelu::new;
            case "abs" -> units -> Activation.abs();
            case "tanh" -> units -> Activation.tanh();
            case "sigmoid" -> units -> Activation.sigmoid();
            case "softplus" -> units -> Activation.softplus();
            default -> throw new IllegalArgumentException("unknown activation '" + activation
                    + "'; expected relu, leaky-relu, prelu, abs, tanh, sigmoid, softplus or maxout");
        };
    }
}
