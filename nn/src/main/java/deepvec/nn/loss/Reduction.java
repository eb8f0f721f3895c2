package deepvec.nn.loss;

/** How a loss combines its per-example values into one number. */
public enum Reduction {
    /** The average over examples: the empirical risk of Deep Learning eq. 8.2. */
    MEAN,
    /** The total over examples. */
    SUM;

    /** The factor applied to each example's loss. */
    float weight(int examples) {
        return this == MEAN ? 1f / examples : 1f;
    }
}
