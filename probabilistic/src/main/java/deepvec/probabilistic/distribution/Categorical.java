package deepvec.probabilistic.distribution;

import deepvec.simd.ShapeException;
import deepvec.simd.Softmax;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;

/**
 * The categorical (multinoulli) distribution over k classes, {@code P(x = j) = p_j}: events
 * are class indices 0 .. k-1, held in [n, 1] tensors as floats. Built from probabilities or
 * from logits through a stable log-softmax, as a classifier produces them.
 */
public final class Categorical implements Distribution {

    private final double[] logProbs;
    private final double[] probs;
    private final double[] cumulative;

    private Categorical(double[] logProbs) {
        this.logProbs = logProbs;
        this.probs = new double[logProbs.length];
        this.cumulative = new double[logProbs.length];
        double running = 0;
        for (int j = 0; j < logProbs.length; j++) {
            probs[j] = Math.exp(logProbs[j]);
            running += probs[j];
            cumulative[j] = running;
        }
    }

    /**
     * From probabilities, which must be non-negative and sum to 1 within 1e-4.
     *
     * @throws IllegalArgumentException naming the offending value or the sum
     */
    public static Categorical ofProbabilities(Tensor p) {
        float[] v = Events.vector("categorical probabilities", p);
        double sum = 0;
        double[] logs = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            if (v[j] < 0f) {
                throw new IllegalArgumentException("categorical probability " + j + " is " + v[j] + "; expected >= 0");
            }
            sum += v[j];
            logs[j] = Math.log(v[j]);
        }
        if (Math.abs(sum - 1) > 1e-4) {
            throw new IllegalArgumentException("categorical probabilities sum to " + sum + "; expected 1");
        }
        for (int j = 0; j < logs.length; j++) {
            logs[j] -= Math.log(sum);
        }
        return new Categorical(logs);
    }

    /** From unnormalised log-probabilities (logits), normalised by log-softmax. */
    public static Categorical ofLogits(Tensor logits) {
        float[] v = Events.vector("categorical logits", logits);
        float[] logSoftmax = Softmax.logSoftmax(Tensor.of(v, v.length), 0).toArray();
        double[] logs = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            logs[j] = logSoftmax[j];
        }
        return new Categorical(logs);
    }

    /** Number of classes k. */
    public int classes() {
        return probs.length;
    }

    @Override
    public int dimension() {
        return 1;
    }

    /** The class probabilities. */
    public Tensor probabilities() {
        float[] p = new float[probs.length];
        for (int j = 0; j < p.length; j++) {
            p[j] = (float) probs[j];
        }
        return Tensor.of(p, p.length);
    }

    /** Draws by inverting the cumulative distribution: class j for u in [c_{j-1}, c_j). */
    @Override
    public Tensor sample(Rng rng, int n) {
        Events.requireSampleCount(n);
        Tensor out = Tensor.zeros(n, 1);
        float[] u = out.data();
        rng.uniform(u, 0, n);
        double total = cumulative[cumulative.length - 1];
        for (int i = 0; i < n; i++) {
            double target = u[i] * total;
            int lo = 0;
            int hi = cumulative.length - 1;
            while (lo < hi) {                        // first j with cumulative[j] > target
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > target) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            u[i] = lo;
        }
        return out;
    }

    @Override
    public Tensor logProb(Tensor x) {
        Tensor batch = Events.batch("Categorical", x, 1);
        float[] out = new float[batch.dim(0)];
        for (int i = 0; i < out.length; i++) {
            float v = batch.data()[batch.offset() + i];
            int j = (int) v;
            if (j != v || j < 0 || j >= probs.length) {
                throw new IllegalArgumentException("Categorical.logProb: x[" + i + "] = " + v + "; expected a class index 0 .. "
                        + (probs.length - 1));
            }
            out[i] = (float) logProbs[j];
        }
        return Tensor.of(out, out.length);
    }

    @Override
    public Tensor mean() {
        double m = 0;
        for (int j = 0; j < probs.length; j++) {
            m += j * probs[j];
        }
        return Tensor.of(new float[] {(float) m}, 1);
    }

    @Override
    public Tensor variance() {
        double m = mean().get(0);
        double v = 0;
        for (int j = 0; j < probs.length; j++) {
            v += probs[j] * (j - m) * (j - m);
        }
        return Tensor.of(new float[] {(float) v}, 1);
    }

    @Override
    public double entropy() {
        double h = 0;
        for (int j = 0; j < probs.length; j++) {
            h -= Bernoulli.xLogX(probs[j]);
        }
        return h;
    }

    /** KL(this || other) = sum_j p_j (log p_j - log q_j); infinite where q_j = 0 &lt; p_j. */
    public double klDivergence(Categorical other) {
        if (other.probs.length != probs.length) {
            throw new ShapeException("KL between categorical distributions over " + probs.length + " and "
                    + other.probs.length + " classes");
        }
        double kl = 0;
        for (int j = 0; j < probs.length; j++) {
            if (probs[j] > 0) {
                kl += probs[j] * (logProbs[j] - other.logProbs[j]);
            }
        }
        return kl;
    }
}
