package deepvec.nn.seq2seq;

import deepvec.nn.data.Dataset;
import deepvec.simd.IntTensor;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic sequence-to-sequence tasks over digit strings, for {@link EncoderDecoder}:
 * reversing a string of random digits, and adding two numbers written in decimal
 * ({@link #addition}). Tokens: {@link #END} ends an output,
 * {@link #BEGIN} starts the decoder's input, {@link #PADDING} fills a source after its end, then
 * the digits 0-9 and {@code +}.
 */
public final class DigitTasks {

    public static final int END = 0;
    public static final int BEGIN = 1;
    public static final int PADDING = 2;
    private static final int FIRST_DIGIT = 3;
    private static final int PLUS = 13;
    /** The number of token ids. */
    public static final int VOCABULARY = 14;

    private DigitTasks() {
    }

    /** One example: source and target ids, neither with begin, end or padding ids. */
    public record Example(int[] source, int[] target) {
    }

    /** A set of examples and the padded widths they are laid out in. */
    public record Examples(List<Example> examples, int sourceSteps, int targetSteps) {

        /**
         * The examples as {@link EncoderDecoder} trains on them: {@value Dataset#FEATURES} [N, S + T]
         * (source ids padded to S, then the begin id and the target padded with end ids), and
         * {@value Dataset#LABELS} [N, T], the target followed by end ids (the model learns to end,
         * and to stay ended).
         */
        public Dataset dataset() {
            int n = examples.size();
            int width = sourceSteps + targetSteps;
            Tensor features = Tensor.zeros(n, width);
            int[] labels = new int[n * targetSteps];
            float[] f = features.data();
            for (int i = 0; i < n; i++) {
                Example e = examples.get(i);
                int row = i * width;
                for (int j = 0; j < sourceSteps; j++) {
                    f[row + j] = j < e.source().length ? e.source()[j] : PADDING;
                }
                for (int t = 0; t < targetSteps; t++) {
                    labels[i * targetSteps + t] = t < e.target().length ? e.target()[t] : END;
                    f[row + sourceSteps + t] = t == 0 ? BEGIN : labels[i * targetSteps + t - 1];
                }
            }
            return Dataset.builder().add(Dataset.FEATURES, features).add(Dataset.LABELS, IntTensor.of(labels, n, targetSteps)).build();
        }

        /** The sources padded to S, [N, S], for decoding. */
        public IntTensor sources() {
            int[] ids = new int[examples.size() * sourceSteps];
            for (int i = 0; i < examples.size(); i++) {
                int[] s = examples.get(i).source();
                for (int j = 0; j < sourceSteps; j++) {
                    ids[i * sourceSteps + j] = j < s.length ? s[j] : PADDING;
                }
            }
            return IntTensor.of(ids, examples.size(), sourceSteps);
        }
    }

    /** {@code count} strings of uniformly random length in [minLength, maxLength] and their reversals. */
    public static Examples reversal(int count, int minLength, int maxLength, Rng rng) {
        if (count < 1 || minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("reversal: " + count + " examples of length " + minLength + " to " + maxLength
                    + "; expected count >= 1 and 1 <= min <= max");
        }
        List<Example> examples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int[] source = new int[minLength + rng.nextInt(maxLength - minLength + 1)];
            int[] target = new int[source.length];
            for (int j = 0; j < source.length; j++) {
                source[j] = FIRST_DIGIT + rng.nextInt(10);
            }
            for (int j = 0; j < source.length; j++) {
                target[j] = source[source.length - 1 - j];
            }
            examples.add(new Example(source, target));
        }
        return new Examples(examples, maxLength, maxLength + 1);
    }

    /**
     * {@code count} sums {@code a+b} of uniformly random numbers below 10^d. Every number is written
     * with d digits (the sum with d + 1), leading zeros included, and the source is given reversed,
     * as Sutskever et al. (2014) reverse source sentences: {@code 01234+56789} is read as
     * {@code 98765+43210} and answered {@code 058023}, so the encoder has read the lower digits
     * that decide each carry by the time it reaches the digit the carry goes into.
     */
    public static Examples addition(int count, int digits, Rng rng) {
        if (count < 1 || digits < 1 || digits > 9) {
            throw new IllegalArgumentException("addition: " + count + " examples of " + digits + "-digit numbers; expected count >= 1 "
                    + "and 1 to 9 digits");
        }
        int bound = (int) Math.pow(10, digits);
        List<Example> examples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int a = rng.nextInt(bound);
            int b = rng.nextInt(bound);
            String problem = padded(a, digits) + "+" + padded(b, digits);
            examples.add(new Example(encode(new StringBuilder(problem).reverse().toString()), encode(padded(a + b, digits + 1))));
        }
        return new Examples(examples, 2 * digits + 1, digits + 2);
    }

    private static String padded(int value, int digits) {
        String text = Integer.toString(value);
        return "0".repeat(digits - text.length()) + text;
    }

    /** The ids of a string of digits and plus signs. */
    public static int[] encode(String text) {
        int[] ids = new int[text.length()];
        for (int i = 0; i < ids.length; i++) {
            char c = text.charAt(i);
            if (c == '+') {
                ids[i] = PLUS;
            } else if (c >= '0' && c <= '9') {
                ids[i] = FIRST_DIGIT + (c - '0');
            } else {
                throw new IllegalArgumentException("digit tasks: '" + c + "' at " + i + " of \"" + text + "\"; expected digits and '+'");
            }
        }
        return ids;
    }

    /** The string of digit and plus ids. */
    public static String decode(int[] ids) {
        StringBuilder text = new StringBuilder(ids.length);
        for (int id : ids) {
            if (id == PLUS) {
                text.append('+');
            } else if (id >= FIRST_DIGIT && id < FIRST_DIGIT + 10) {
                text.append((char) ('0' + id - FIRST_DIGIT));
            } else {
                throw new IllegalArgumentException("digit tasks: id " + id + " is not a digit or '+'");
            }
        }
        return text.toString();
    }
}
