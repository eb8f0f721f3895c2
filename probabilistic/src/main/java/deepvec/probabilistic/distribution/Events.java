package deepvec.probabilistic.distribution;

import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import java.util.Arrays;

/** Argument checks shared by the distributions. */
final class Events {

    private Events() {
    }

    /** x as a contiguous [n, d] batch. */
    static Tensor batch(String distribution, Tensor x, int d) {
        if (x.rank() != 2 || x.dim(1) != d) {
            throw new ShapeException(distribution + ".logProb: observations have shape " + Arrays.toString(x.shape())
                    + "; expected [n, " + d + "]");
        }
        return x.contiguous();
    }

    static void requireSampleCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("sample count must be >= 0, got " + n);
        }
    }

    /** A copy of a parameter vector, rejecting empty, wrongly ranked or non-finite input. */
    static float[] vector(String what, Tensor t) {
        if (t.rank() != 1 || t.size() == 0) {
            throw new ShapeException(what + " must be a non-empty vector, got shape " + Arrays.toString(t.shape()));
        }
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] is " + v[i] + "; expected a finite value");
            }
        }
        return v;
    }
}
