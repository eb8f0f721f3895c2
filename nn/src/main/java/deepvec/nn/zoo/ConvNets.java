package deepvec.nn.zoo;

import deepvec.nn.layer.Activation;
import deepvec.nn.layer.BatchNorm;
import deepvec.nn.layer.Conv2d;
import deepvec.nn.layer.Dropout;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Pool2d;
import deepvec.nn.layer.Reshape;
import deepvec.nn.layer.Sequential;
import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Convolutional classifiers for 1 x 28 x 28 images (Fashion-MNIST, MNIST), the networks of
 * Deep Learning chapter 9 that {@code deepvec train --model cnn|cnn-bn} trains and the CNN
 * benchmarks measure. Both take flat rows of 784 pixels, [N, 784], and return logits
 * [N, classes]; the same seed gives the same initial weights.
 */
public final class ConvNets {

    private ConvNets() {
    }

    /**
     * The reference CNN: conv(1->32, 3x3, pad 1) - ReLU - maxpool 2 - conv(32->64, 3x3, pad 1) -
     * ReLU - maxpool 2 - linear(3136->128) - ReLU - linear(128->classes).
     */
    public static Sequential reference(int classes, long seed) {
        Rng rng = Rng.seeded(seed);
        return new Sequential(Reshape.toImages(1, 28, 28),
                new Conv2d(1, 32, Conv2d.Shape.square(3, 1, 1), true, rng), Activation.relu(), Pool2d.max(2, 2),
                new Conv2d(32, 64, Conv2d.Shape.square(3, 1, 1), true, rng), Activation.relu(), Pool2d.max(2, 2),
                Reshape.flatten(), new Linear(64 * 7 * 7, 128, rng), Activation.relu(), new Linear(128, classes, rng));
    }

    /**
     * The stronger CNN: two blocks of two 3x3 convolutions (32 then 64 channels), each followed by
     * batch normalisation (section 8.7.1) and ReLU, with max pooling after each block; then
     * dropout, a 256-unit layer with batch normalisation, dropout again, and the classifier.
     *
     * @param dropout the probability of dropping a unit, in [0, 1)
     */
    public static Sequential batchNormalized(int classes, float dropout, long seed) {
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
}
