package deepvec.probabilistic.distribution;

import deepvec.simd.Elementwise;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;

/**
 * d independent Bernoulli variables, {@code P(x_i = 1) = p_i} (Deep Learning eq. 3.16-3.17).
 * Held as logits {@code l_i = log(p_i / (1 - p_i))} so that log-probabilities stay finite and
 * accurate near 0 and 1: {@code log p = -softplus(-l)}, {@code log(1 - p) = -softplus(l)}.
 */
public final class Bernoulli implements Distribution {

    private final float[] logits;
    private final float[] probs;

    private Bernoulli(float[] logits) {
        this.logits = logits;
        this.probs = Elementwise.sigmoid(Tensor.of(logits.clone(), logits.length)).toArray();
    }

    /**
     * From probabilities in [0, 1] (0 and 1 give infinite logits, which are handled exactly).
     *
     * @throws IllegalArgumentException for a probability outside [0, 1]
     */
    public static Bernoulli ofProbabilities(Tensor p) {
        float[] v = Events.vector("Bernoulli probabilities", p);
        float[] logits = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0f && v[i] <= 1f)) {
                throw new IllegalArgumentException("Bernoulli probability " + i + " is " + v[i] + "; expected [0, 1]");
            }
            logits[i] = (float) (Math.log(v[i]) - Math.log1p(-v[i]));
        }
        return new Bernoulli(logits);
    }

    /** From logits (log-odds), the natural output of a linear layer. */
    public static Bernoulli ofLogits(Tensor logits) {
        return new Bernoulli(Events.vector("Bernoulli logits", logits));
    }

    @Override
    public int dimension() {
        return logits.length;
    }

    /** The probabilities p_i. */
    public Tensor probabilities() {
        return Tensor.of(probs.clone(), probs.length);
    }

    @Override
    public Tensor sample(Rng rng, int n) {
        Events.requireSampleCount(n);
        int d = logits.length;
        Tensor out = Tensor.zeros(n, d);
        for (int row = 0; row < n; row++) {
            rng.bernoulli(probs, 0, out.data(), row * d, d);
        }
        return out;
    }

    @Override
    public Tensor logProb(Tensor x) {
        int d = logits.length;
        Tensor batch = Events.batch("Bernoulli", x, d);
        Tensor logP = Elementwise.scale(Elementwise.softplus(Elementwise.scale(Tensor.of(logits.clone(), d), -1f)), -1f);
        Tensor log1mP = Elementwise.scale(Elementwise.softplus(Tensor.of(logits.clone(), d)), -1f);
        float[] xs = batch.data();
        float[] out = new float[batch.dim(0)];
        for (int row = 0; row < out.length; row++) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                float v = xs[batch.offset() + row * d + i];
                if (v != 0f && v != 1f) {
                    throw new IllegalArgumentException("Bernoulli.logProb: x[" + row + ", " + i + "] = " + v + "; expected 0 or 1");
                }
                s += v == 1f ? logP.data()[i] : log1mP.data()[i];
            }
            out[row] = (float) s;
        }
        return Tensor.of(out, out.length);
    }

    @Override
    public Tensor mean() {
        return probabilities();
    }

    @Override
    public Tensor variance() {
        float[] v = new float[probs.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = probs[i] * (1 - probs[i]);
        }
        return Tensor.of(v, v.length);
    }

    @Override
    public double entropy() {
        double h = 0;
        for (int i = 0; i < probs.length; i++) {
            h += binaryEntropy(probs[i]);
        }
        return h;
    }

    private static double binaryEntropy(double p) {
        return -(xLogX(p) + xLogX(1 - p));
    }

    /** x log x with the limit 0 at x = 0. */
    static double xLogX(double x) {
        return x == 0 ? 0 : x * Math.log(x);
    }

    /** KL(this || other) = sum_i p log(p/q) + (1-p) log((1-p)/(1-q)), in nats. */
    public double klDivergence(Bernoulli other) {
        requireSameDimension(other);
        double kl = 0;
        for (int i = 0; i < probs.length; i++) {
            double p = probs[i];
            double q = other.probs[i];
            kl += term(p, q) + term(1 - p, 1 - q);
        }
        return kl;
    }

    private static double term(double p, double q) {
        if (p == 0) {
            return 0;
        }
        return q == 0 ? Double.POSITIVE_INFINITY : p * (Math.log(p) - Math.log(q));
    }

    private void requireSameDimension(Bernoulli other) {
        if (other.logits.length != logits.length) {
            throw new ShapeException("KL between Bernoulli vectors of dimension " + logits.length + " and "
                    + other.logits.length);
        }
    }
}
