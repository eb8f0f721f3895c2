package deepvec.nn.data;

import deepvec.simd.random.Rng;

/**
 * A random transformation of training batches (dataset augmentation, Deep Learning section
 * 7.4), drawn from the generator it is given, so a seeded trainer replays the same draws.
 */
@FunctionalInterface
public interface BatchTransform {

    /** A new batch: {@code batch} transformed with draws from {@code rng}. */
    Batch apply(Batch batch, Rng rng);
}
