package deepvec.nn.zoo;

import deepvec.nn.layer.Linear;
import deepvec.nn.layer.RecurrentLayer;
import deepvec.nn.layer.Reshape;
import deepvec.nn.layer.Sequential;
import deepvec.simd.Recurrent;
import deepvec.simd.random.Rng;

/**
 * Recurrent classifiers (Deep Learning chapter 10): the networks {@code deepvec train --model
 * lstm|gru|rnn} trains and the recurrent benchmarks measure. The same seed gives the same
 * initial weights.
 */
public final class SequenceNets {

    /** Hidden units of the row classifiers. */
    public static final int HIDDEN = 128;

    private SequenceNets() {
    }

    /**
     * Reads each example as {@code steps} rows of {@code features} values (an image row by row:
     * 28 steps of 28 pixels for Fashion-MNIST), runs the cell over the rows and classifies its
     * last state: [N, steps features] -> [N, T, D] -> cell -> [N, H] -> linear -> [N, classes]
     * (the many-to-one network of section 10.2, figure 10.5).
     */
    public static Sequential rowClassifier(Recurrent.Cell cell, int steps, int features, int hidden, int classes, long seed) {
        Rng rng = Rng.seeded(seed);
        return new Sequential(Reshape.toSequences(steps, features), new RecurrentLayer(cell, features, hidden, false, rng),
                new Linear(hidden, classes, rng));
    }
}
