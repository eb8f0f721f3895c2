package deepvec.nn.optim;

import deepvec.nn.autograd.Variable;
import deepvec.simd.Reduce;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Gradient clipping (Deep Learning section 10.11.1), applied between backward and step:
 * by the norm of all gradients together (eq. 10.48-10.49), which keeps the direction, or by
 * value, element by element.
 */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * Scales every gradient by {@code maxNorm / ||g||} when the global L2 norm ||g|| of all of
     * them exceeds {@code maxNorm}.
     *
     * @return the norm before clipping (useful for monitoring)
     */
    public static double clipByNorm(Collection<Variable> parameters, float maxNorm) {
        if (!(maxNorm > 0f)) {
            throw new IllegalArgumentException("maxNorm must be positive, got " + maxNorm);
        }
        double norm = globalNorm(parameters);
        if (norm > maxNorm) {
            float scale = (float) (maxNorm / norm);
            for (Variable p : parameters) {
                if (p.grad() != null) {
                    float[] g = p.grad().data();
                    for (int[] range : ranges(p)) {
                        for (int i = range[0]; i < range[1]; i++) {
                            g[i] *= scale;
                        }
                    }
                }
            }
        }
        return norm;
    }

    /** The L2 norm of all the parameters' gradients together (missing gradients count as zero). */
    public static double globalNorm(Collection<Variable> parameters) {
        double sumOfSquares = 0;
        for (Variable p : parameters) {
            int[] rows = p.grad() == null ? null : p.gradientRows();
            if (rows == null && p.grad() != null) {
                sumOfSquares += Reduce.sumOfSquares(p.grad());
            } else if (rows != null) {
                float[] g = p.grad().data();
                for (int[] range : ranges(p)) {
                    for (int i = range[0]; i < range[1]; i++) {
                        sumOfSquares += (double) g[i] * g[i];
                    }
                }
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /** The index ranges of a gradient that may be non-zero: its rows when row-sparse, else all of it. */
    private static List<int[]> ranges(Variable p) {
        int[] rows = p.gradientRows();
        if (rows == null) {
            return List.of(new int[] {0, p.grad().size()});
        }
        int width = p.value().dim(1);
        return Arrays.stream(rows).mapToObj(r -> new int[] {r * width, (r + 1) * width}).toList();
    }

    /** Clamps every gradient element into [-limit, limit]. */
    public static void clipByValue(Collection<Variable> parameters, float limit) {
        if (!(limit > 0f)) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        for (Variable p : parameters) {
            if (p.grad() != null) {
                float[] g = p.grad().data();
                for (int i = 0; i < g.length; i++) {
                    g[i] = Math.max(-limit, Math.min(limit, g[i]));
                }
            }
        }
    }
}
