package deepvec.nn.layer;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.init.Initializers;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A two-level hierarchical softmax over a large vocabulary (Deep Learning section 12.4.3.2,
 * figure 12.4): the words are split into classes, and {@code P(w | h) = P(c(w) | h) P(w | c(w), h)},
 * each factor a softmax, over the C classes and over the words of one class. Training costs
 * O(C + |class|) per example instead of O(V); with about sqrt(V) classes of about sqrt(V) words,
 * O(sqrt(V)). {@link #logProbabilities} gives the exact distribution over all V words, for
 * evaluation and perplexity.
 *
 * <p>Shapes: hidden [N, H]; parameters {@code class_weight} [H, C], {@code class_bias} [C],
 * {@code word_weight} [H, V], {@code word_bias} [V].
 */
public final class HierarchicalSoftmax implements Layer {

    private final int[] classOf;            // word -> class
    private final int[][] members;          // class -> its words in id order
    private final int[] positionInClass;    // word -> its index among its class's words
    private final Variable classWeight;
    private final Variable classBias;
    private final Variable wordWeight;
    private final Variable wordBias;

    /**
     * @param classOf the class of each word id, every class in [0, C) holding at least one word
     * @throws IllegalArgumentException if a class is empty or an entry is negative
     */
    public HierarchicalSoftmax(int hidden, int[] classOf, Rng rng) {
        int classes = Arrays.stream(classOf).max().orElse(-1) + 1;
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int w = 0; w < classOf.length; w++) {
            if (classOf[w] < 0) {
                throw new IllegalArgumentException("word " + w + " has class " + classOf[w] + "; classes are >= 0");
            }
            byClass.get(classOf[w]).add(w);
        }
        this.members = new int[classes][];
        this.positionInClass = new int[classOf.length];
        for (int c = 0; c < classes; c++) {
            if (byClass.get(c).isEmpty()) {
                throw new IllegalArgumentException("class " + c + " of " + classes + " holds no word");
            }
            members[c] = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < members[c].length; i++) {
                positionInClass[members[c][i]] = i;
            }
        }
        this.classOf = classOf.clone();
        this.classWeight = Variable.parameter(Initializers.glorotUniform(rng, hidden, classes));
        this.classBias = Variable.parameter(Tensor.zeros(classes));
        this.wordWeight = Variable.parameter(Initializers.glorotUniform(rng, hidden, classOf.length));
        this.wordBias = Variable.parameter(Tensor.zeros(classOf.length));
    }

    /**
     * Classes of about equal frequency mass (Mikolov et al. 2011): the words by falling count,
     * cut wherever the running share of all occurrences passes the next 1/C.
     */
    public static int[] frequencyClasses(long[] counts, int classes) {
        if (classes < 1 || classes > counts.length) {
            throw new IllegalArgumentException(classes + " classes for " + counts.length + " words; expected 1 to " + counts.length);
        }
        Integer[] order = new Integer[counts.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> counts[i]).reversed().thenComparingInt(i -> i));
        double total = Arrays.stream(counts).sum() + counts.length;     // add one to each, so unseen words get a share
        int[] classOf = new int[counts.length];
        double running = 0;
        int c = 0;
        for (int rank = 0; rank < order.length; rank++) {
            int remainingWords = order.length - rank;
            int remainingClasses = classes - c;
            classOf[order[rank]] = c;
            running += counts[order[rank]] + 1;
            boolean full = running >= total * (c + 1) / classes;
            if (c < classes - 1 && (full || remainingWords - 1 == remainingClasses - 1)) {
                c++;                                 // also when each later class needs one of the words left
            }
        }
        return classOf;
    }

    /** (H + 1)(C + V): the weights and biases of the classes and of the words. */
    static long stateElements(LayerConfig c) {
        int[] classes = c.intsSetting("classes_of");
        long count = Arrays.stream(classes).max().orElse(-1) + 1L;
        return Math.multiplyExact(BuiltInLayers.positive(c, "hidden") + 1, count + classes.length);
    }

    /** The class count C. */
    public int classes() {
        return members.length;
    }

    /** The vocabulary size V. */
    public int vocabulary() {
        return classOf.length;
    }

    /**
     * The mean negative log-likelihood of {@code targets} [N] under the hierarchy given the
     * hidden vectors [N, H]: a primitive that touches only the C class columns and the target
     * class's word columns of each example.
     */
    public Variable loss(Variable hidden, int[] targets) {
        Tensor h = hidden.value().contiguous();
        int n = h.dim(0);
        int width = h.dim(1);
        if (h.rank() != 2 || width != classWeight.value().dim(0) || targets.length != n) {
            throw new ShapeException("hierarchical softmax: hidden " + Arrays.toString(h.shape()) + " and " + targets.length
                    + " targets; expected [N, " + classWeight.value().dim(0) + "] and N");
        }
        float[] hv = h.toArray();
        float[] wc = classWeight.value().contiguous().toArray();
        float[] bc = classBias.value().toArray();
        float[] ww = wordWeight.value().contiguous().toArray();
        float[] bw = wordBias.value().toArray();
        int classes = classes();
        int words = vocabulary();
        double[][] classProbabilities = new double[n][];
        double[][] wordProbabilities = new double[n][];
        double nll = 0;
        for (int i = 0; i < n; i++) {
            int w = targets[i];
            if (w < 0 || w >= words) {
                throw new IllegalArgumentException("hierarchical softmax: target " + i + " is " + w + "; expected 0 .. " + (words - 1));
            }
            int c = classOf[w];
            classProbabilities[i] = softmax(hv, i * width, width, wc, classes, bc, null);
            wordProbabilities[i] = softmax(hv, i * width, width, ww, words, bw, members[c]);
            nll -= Math.log(classProbabilities[i][c]) + Math.log(wordProbabilities[i][positionInClass[w]]);
        }
        Tensor value = Tensor.of(new float[] {(float) (nll / n)}, 1);
        return Ops.define("hierarchicalSoftmax", value, g -> {
            float scale = g.get(0) / n;
            float[] dh = new float[n * width];
            float[] dwc = new float[width * classes];
            float[] dbc = new float[classes];
            float[] dww = new float[width * words];
            float[] dbw = new float[words];
            for (int i = 0; i < n; i++) {
                int w = targets[i];
                int c = classOf[w];
                for (int k = 0; k < classes; k++) {
                    double d = (classProbabilities[i][k] - (k == c ? 1 : 0)) * scale;       // softmax minus one-hot
                    accumulate(hv, i * width, width, wc, classes, k, d, dh, dwc);
                    dbc[k] += (float) d;
                }
                int[] group = members[c];
                for (int j = 0; j < group.length; j++) {
                    double d = (wordProbabilities[i][j] - (group[j] == w ? 1 : 0)) * scale;
                    accumulate(hv, i * width, width, ww, words, group[j], d, dh, dww);
                    dbw[group[j]] += (float) d;
                }
            }
            return new Tensor[] {Tensor.of(dh, n, width), Tensor.of(dwc, width, classes), Tensor.of(dbc, classes),
                Tensor.of(dww, width, words), Tensor.of(dbw, words)};
        }, hidden, classWeight, classBias, wordWeight, wordBias);
    }

    /** The softmax over columns {@code cols} (all when null) of h W + b for one row of h. */
    private static double[] softmax(float[] h, int row, int width, float[] w, int columns, float[] b, int[] cols) {
        int count = cols == null ? columns : cols.length;
        double[] z = new double[count];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < count; j++) {
            int col = cols == null ? j : cols[j];
            double s = b[col];
            for (int k = 0; k < width; k++) {
                s += h[row + k] * w[k * columns + col];
            }
            z[j] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int j = 0; j < count; j++) {
            z[j] = Math.exp(z[j] - max);
            sum += z[j];
        }
        for (int j = 0; j < count; j++) {
            z[j] /= sum;
        }
        return z;
    }

    /** dh[row] += d W[:, col]; dW[:, col] += d h[row]. */
    private static void accumulate(float[] h, int row, int width, float[] w, int columns, int col, double d, float[] dh, float[] dw) {
        for (int k = 0; k < width; k++) {
            dh[row + k] += (float) (d * w[k * columns + col]);
            dw[k * columns + col] += (float) (d * h[row + k]);
        }
    }

    /** The exact log-probabilities of every word [N, V] given hidden vectors [N, H]. */
    public Tensor logProbabilities(Tensor hidden) {
        Tensor h = hidden.contiguous();
        int n = h.dim(0);
        int width = h.dim(1);
        float[] hv = h.toArray();
        float[] wc = classWeight.value().contiguous().toArray();
        float[] ww = wordWeight.value().contiguous().toArray();
        Tensor out = Tensor.zeros(n, vocabulary());
        for (int i = 0; i < n; i++) {
            double[] pc = softmax(hv, i * width, width, wc, classes(), classBias.value().toArray(), null);
            for (int c = 0; c < classes(); c++) {
                double[] pw = softmax(hv, i * width, width, ww, vocabulary(), wordBias.value().toArray(), members[c]);
                for (int j = 0; j < members[c].length; j++) {
                    out.data()[i * vocabulary() + members[c][j]] = (float) (Math.log(pc[c]) + Math.log(pw[j]));
                }
            }
        }
        return out;
    }

    /** The exact log-probabilities [N, V], as a constant (the hierarchy is trained through {@link #loss}). */
    @Override
    public Variable forward(Variable input) {
        return Variable.constant(logProbabilities(input.value()));
    }

    @Override
    public LayerConfig config() {
        List<Object> classes = new ArrayList<>();
        for (int c : classOf) {
            classes.add(c);
        }
        return LayerConfig.of("hierarchical_softmax", "hidden", classWeight.value().dim(0), "classes_of", classes);
    }

    @Override
    public Map<String, Variable> localParameters() {
        Map<String, Variable> params = new LinkedHashMap<>();
        params.put("class_weight", classWeight);
        params.put("class_bias", classBias);
        params.put("word_weight", wordWeight);
        params.put("word_bias", wordBias);
        return params;
    }
}
