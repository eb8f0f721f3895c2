package deepvec.nn.text;

import deepvec.nn.data.Dataset;
import deepvec.simd.IntTensor;
import deepvec.simd.Tensor;
import java.util.List;

/**
 * Training examples for the neural language models of Deep Learning section 12.4.2, from
 * token-id sequences joined into one stream (each sequence ends with the end id, so the model
 * learns where texts end):
 * <ul>
 *   <li>{@link #chunks}: for a recurrent model, the stream cut into pieces of T ids, the
 *       {@value Dataset#FEATURES} [N, T] (ids as floats, for an {@link deepvec.nn.layer.Embedding}),
 *       the {@value Dataset#LABELS} [N, T] the id that follows each;</li>
 *   <li>{@link #windows}: for a feed-forward model (Bengio et al. 2003), every window of n - 1 ids
 *       as {@value Dataset#FEATURES} [N, n - 1] and the id after it as {@value Dataset#LABELS} [N].</li>
 * </ul>
 */
public final class LanguageModelData {

    private LanguageModelData() {
    }

    /**
     * Consecutive chunks of {@code steps} inputs and their next ids.
     *
     * @throws IllegalArgumentException if the stream is shorter than one chunk plus one id
     */
    public static Dataset chunks(List<int[]> sequences, int steps) {
        int[] stream = concatenate(sequences);
        int count = (stream.length - 1) / steps;
        if (steps < 1 || count < 1) {
            throw new IllegalArgumentException("a stream of " + stream.length + " ids holds no chunk of " + steps + " steps and a next id");
        }
        Tensor inputs = Tensor.zeros(count, steps);
        int[] next = new int[count * steps];
        for (int i = 0; i < count * steps; i++) {
            inputs.data()[i] = stream[i];
            next[i] = stream[i + 1];
        }
        return Dataset.builder().add(Dataset.FEATURES, inputs).add(Dataset.LABELS, IntTensor.of(next, count, steps)).build();
    }

    /**
     * The stream cut into {@code streams} contiguous parts read side by side, for truncated
     * back-propagation through time with carried states (section 10.2.2;
     * {@link deepvec.nn.train.SupervisedTask.Builder#carryStates}): example k S + s is chunk k of
     * part s, so the k-th batch of S examples, in order, holds chunk k of every part and continues
     * the batch before it row by row. Inputs [N, T] and next ids [N, T] as in {@link #chunks};
     * the tail that does not fill a chunk in every part is left out.
     *
     * @throws IllegalArgumentException if the stream is too short for one chunk per part
     */
    public static Dataset streams(List<int[]> sequences, int streams, int steps) {
        int[] stream = concatenate(sequences);
        int part = streams < 1 ? 0 : (stream.length - 1) / streams;
        int chunks = steps < 1 ? 0 : part / steps;
        if (chunks < 1) {
            throw new IllegalArgumentException("a stream of " + stream.length + " ids cut into " + streams + " parts holds no chunk of "
                    + steps + " steps and a next id in each");
        }
        Tensor inputs = Tensor.zeros(chunks * streams, steps);
        int[] next = new int[chunks * streams * steps];
        for (int k = 0; k < chunks; k++) {
            for (int s = 0; s < streams; s++) {
                int row = (k * streams + s) * steps;
                int from = s * part + k * steps;
                for (int t = 0; t < steps; t++) {
                    inputs.data()[row + t] = stream[from + t];
                    next[row + t] = stream[from + t + 1];
                }
            }
        }
        return Dataset.builder().add(Dataset.FEATURES, inputs).add(Dataset.LABELS, IntTensor.of(next, chunks * streams, steps)).build();
    }

    /**
     * Every window of {@code context} ids (the start of the stream padded with end ids) and the id after it.
     *
     * @throws IllegalArgumentException if context is below 1 or the stream is empty
     */
    public static Dataset windows(List<int[]> sequences, int context) {
        int[] stream = concatenate(sequences);
        if (context < 1 || stream.length == 0) {
            throw new IllegalArgumentException("windows of " + context + " ids over a stream of " + stream.length);
        }
        Tensor inputs = Tensor.zeros(stream.length, context);
        for (int t = 0; t < stream.length; t++) {
            for (int k = 0; k < context; k++) {
                int at = t - context + k;
                inputs.data()[t * context + k] = at < 0 ? Vocabulary.END_ID : stream[at];
            }
        }
        return Dataset.of(inputs, stream);
    }

    private static int[] concatenate(List<int[]> sequences) {
        int[] stream = new int[sequences.stream().mapToInt(s -> s.length).sum()];
        int at = 0;
        for (int[] s : sequences) {
            System.arraycopy(s, 0, stream, at, s.length);
            at += s.length;
        }
        return stream;
    }
}
