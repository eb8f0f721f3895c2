package deepvec.nn.text;

import deepvec.nn.layer.CarriedStates;
import deepvec.nn.layer.Layer;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Generates text from a neural language model (Deep Learning section 12.4.2) one token at a
 * time; the next id is drawn from the softmax of the model's last logits divided by the
 * temperature (below 1 sharper, above 1 flatter; 0 takes the most probable token). A
 * {@linkplain #windowed windowed} sampler re-reads the last {@code window} ids for each token
 * (padded in front with end ids, as a feed-forward model's training examples were); a
 * {@linkplain #carryingState recurrent} one reads each id once and carries the recurrent state
 * from token to token ({@link CarriedStates}), so the whole history conditions every draw.
 */
public final class TextSampler {

    private final Layer model;
    private final int window;       // 0: carry the recurrent state

    private TextSampler(Layer model, int window) {
        this.model = model;
        this.window = window;
    }

    /**
     * @param model maps ids [1, window] (as floats) to logits [rows, V], the last row predicting the next id
     * @param window how many previous ids the model reads
     */
    public static TextSampler windowed(Layer model, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the sampling window must be >= 1 id, got " + window);
        }
        return new TextSampler(model, window);
    }

    /**
     * @param model a recurrent model mapping ids [1, T] (as floats) to logits [T, V], each row
     *     predicting the id after its input
     */
    public static TextSampler carryingState(Layer model) {
        return new TextSampler(model, 0);
    }

    /**
     * Up to {@code length} ids after {@code prefix} (after an end id when the prefix is empty, as
     * a text starts), stopping early at the end id (not included).
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
        CarriedStates carried = new CarriedStates();
        int[] unread = prefix.length == 0 ? new int[] {Vocabulary.END_ID} : prefix;
        for (int drawn = 0; drawn < length; drawn++) {
            Tensor input = window > 0 ? lastWindow(history, n) : ids(unread);
            Tensor logits = window > 0 ? model.predict(input) : carried.call(() -> model.predict(input));
            int next = choose(logits.slice(0, logits.dim(0) - 1, logits.dim(0)).contiguous().toArray(), temperature, rng);
            if (next == Vocabulary.END_ID) {
                break;
            }
            history[n++] = next;
            unread = new int[] {next};
            onToken.accept(next);
        }
        return Arrays.copyOfRange(history, prefix.length, n);
    }

    private Tensor lastWindow(int[] history, int n) {
        Tensor input = Tensor.zeros(1, window);
        for (int k = 0; k < window; k++) {
            int at = n - window + k;
            input.data()[k] = at < 0 ? Vocabulary.END_ID : history[at];
        }
        return input;
    }

    private static Tensor ids(int[] ids) {
        Tensor input = Tensor.zeros(1, ids.length);
        for (int k = 0; k < ids.length; k++) {
            input.data()[k] = ids[k];
        }
        return input;
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
