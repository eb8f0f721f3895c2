package deepvec.nn.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Curriculum learning (Deep Learning section 8.7.6, Bengio et al. 2009): the training set
 * is presented from easy to hard by a user-given difficulty score. Epoch 1 draws from the
 * easiest {@code startFraction} of the examples; the pool grows linearly to the whole set at
 * epoch {@code rampEpochs + 1} and stays there. Within an epoch the pool is shuffled as usual.
 */
public final class Curriculum {

    private final int[] easiestFirst;
    private final int rampEpochs;
    private final double startFraction;

    /**
     * @param difficulty one finite score per training example, lower is easier (ties keep dataset order)
     * @param rampEpochs epochs until every example is in the pool, >= 1
     * @param startFraction the share of examples in the first epoch's pool, in (0, 1]
     */
    public Curriculum(double[] difficulty, int rampEpochs, double startFraction) {
        for (int i = 0; i < difficulty.length; i++) {
            if (!Double.isFinite(difficulty[i])) {
                throw new IllegalArgumentException("curriculum: difficulty of example " + i + " is " + difficulty[i]
                        + "; expected a finite score");
            }
        }
        if (rampEpochs < 1 || !(startFraction > 0 && startFraction <= 1)) {
            throw new IllegalArgumentException("curriculum: ramp of " + rampEpochs + " epochs from " + startFraction
                    + "; expected >= 1 epoch and a start fraction in (0, 1]");
        }
        this.easiestFirst = IntStream.range(0, difficulty.length).boxed()
                .sorted(Comparator.comparingDouble(i -> difficulty[i])).mapToInt(Integer::intValue).toArray();
        this.rampEpochs = rampEpochs;
        this.startFraction = startFraction;
    }

    /** Number of examples the scores cover. */
    public int size() {
        return easiestFirst.length;
    }

    /** The pool of epoch {@code epoch} (1, 2, ...): indices of the easiest examples, easiest first. */
    public int[] examples(int epoch) {
        double fraction = Math.min(1.0, startFraction + (1 - startFraction) * (epoch - 1) / rampEpochs);
        int count = Math.max(1, (int) Math.ceil(fraction * easiestFirst.length));
        return Arrays.copyOf(easiestFirst, Math.min(count, easiestFirst.length));
    }
}
