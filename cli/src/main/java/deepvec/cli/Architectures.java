package deepvec.cli;

import deepvec.nn.layer.Activation;
import deepvec.nn.layer.BatchNorm;
import deepvec.nn.layer.Conv2d;
import deepvec.nn.layer.Dropout;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Maxout;
import deepvec.nn.layer.PRelu;
import deepvec.nn.layer.Pool2d;
import deepvec.nn.layer.Reshape;
import deepvec.nn.layer.Sequential;
import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** The models {@code deepvec train --model NAME} builds. */
final class Architectures {

    /** Hidden units of the MLP: 784-256-128-10. */
    static final int[] MLP_HIDDEN = {256, 128};

    private Architectures() {
    }

    /**
     * A fully connected network inputs-256-128-classes with the named hidden activation and, when
     * {@code dropout > 0}, dropout after each hidden layer.
     */
    static Sequential mlp(int inputs, int classes, String activation, float dropout, long seed) {
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

    /**
     * The reference CNN for 1 x 28 x 28 images: conv(1->32, 3x3, pad 1) - ReLU - maxpool 2 -
     * conv(32->64, 3x3, pad 1) - ReLU - maxpool 2 - linear(3136->128) - ReLU - linear(128->classes).
     */
    static Sequential cnn(int classes, long seed) {
        Rng rng = Rng.seeded(seed);
        return new Sequential(Reshape.toImages(1, 28, 28),
                new Conv2d(1, 32, Conv2d.Shape.square(3, 1, 1), true, rng), Activation.relu(), Pool2d.max(2, 2),
                new Conv2d(32, 64, Conv2d.Shape.square(3, 1, 1), true, rng), Activation.relu(), Pool2d.max(2, 2),
                Reshape.flatten(), new Linear(64 * 7 * 7, 128, rng), Activation.relu(), new Linear(128, classes, rng));
    }

    /**
     * The stronger CNN: two blocks of two 3x3 convolutions (32 then 64 channels), each followed by
     * batch normalisation and ReLU, with max pooling after each block; then dropout, a 256-unit
     * layer with batch normalisation, dropout again, and the classifier.
     */
    static Sequential cnnBatchNorm(int classes, float dropout, long seed) {
        Rng rng = Rng.seeded(seed);
        List<Layer> layers = new ArrayList<>();
        layers.add(Reshape.toImages(1, 28, 28));
        int channels = 1;
        for (int width : new int[] {32, 64}) {
            for (int conv = 0; conv < 2; conv++) {
                layers.add(new Conv2d(channels, width, Conv2d.Shape.square(3, 1, 1), false, rng));
                layers.add(new BatchNorm(width));
                layers.add(Activation.relu());
                channels = width;
            }
            layers.add(Pool2d.max(2, 2));
        }
        layers.add(Reshape.flatten());
        layers.add(new Dropout(dropout, seed * 31 + 1));
        layers.add(new Linear(64 * 7 * 7, 256, rng));
        layers.add(new BatchNorm(256));
        layers.add(Activation.relu());
        layers.add(new Dropout(dropout, seed * 31 + 2));
        layers.add(new Linear(256, classes, rng));
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
