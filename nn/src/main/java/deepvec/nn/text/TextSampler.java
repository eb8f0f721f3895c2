package deepvec.nn.text;

import deepvec.nn.layer.Layer;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Generates text from a neural language model (Deep Learning section 12.4.2) one token at a
 * time: the model reads the last {@code window} ids (padded in front with end ids to exactly
 * that many, as its training examples were), and the next id is drawn from the softmax of its
 * last logits divided by the temperature (below 1 sharper, above 1 flatter; 0 takes the most
 * probable token).
 */
public final class TextSampler {

    private final Layer model;
    private final int window;

    /**
     * @param model maps ids [1, window] (as floats) to logits [rows, V], the last row predicting the next id
     * @param window how many previous ids the model reads
     */
    public TextSampler(Layer model, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the sampling window must be >= 1 id, got " + window);
        }
        this.model = model;
        this.window = window;
    }

    /**
     * Up to {@code length} ids after {@code prefix}, stopping early at the end id (not included).
     *
     * @param onToken called with each id as it is drawn (for progress)
     * @throws IllegalArgumentException for a negative or non-finite temperature
     */
    public int[] sample(int[] prefix, int length, double temperature, Rng rng, IntConsumer onToken) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0 and finite, got " + temperature);
        }
        int[] history = Arrays.copyOf(prefix, prefix.length + length);
        int n = prefix.length;
        int drawn = 0;
        while (drawn < length) {
            Tensor input = Tensor.zeros(1, window);
            for (int k = 0; k < window; k++) {
                int at = n - window + k;
                input.data()[k] = at < 0 ? Vocabulary.END_ID : history[at];
            }
            Tensor logits = model.predict(input);
            int next = choose(logits.slice(0, logits.dim(0) - 1, logits.dim(0)).contiguous().toArray(), temperature, rng);
            if (next == Vocabulary.END_ID) {
                break;
            }
            history[n++] = next;
            drawn++;
            onToken.accept(next);
        }
        return Arrays.copyOfRange(history, prefix.length, n);
    }

    private static int choose(float[] logits, double temperature, Rng rng) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        if (temperature == 0) {
            return best;
        }
        double[] weights = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            weights[i] = Math.exp((logits[i] - logits[best]) / temperature);      // shifted by the maximum: no overflow
        }
        return Sampling.categorical(weights, rng);
    }
}
