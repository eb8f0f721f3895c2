package deepvec.simd;

import deepvec.simd.internal.KernelProvider;

/**
 * Fused parameter updates of the optimisers, one pass over the parameter, gradient and state
 * arrays instead of one pass per arithmetic operation.
 */
public final class UpdateRules {

    private UpdateRules() {
    }

    /**
     * One Adam step in place (Deep Learning algorithm 8.7) at step t (1-based):
     * {@code s <- rho1 s + (1 - rho1) g}, {@code r <- rho2 r + (1 - rho2) g^2},
     * {@code theta <- theta - eps (s / (1 - rho1^t)) / (sqrt(r / (1 - rho2^t)) + delta)}.
     * Moments that fall below the smallest normal float (1.2e-38) are flushed to zero: they would
     * change no parameter, and subnormal arithmetic is about a hundred times slower on x86.
     *
     * @throws IllegalArgumentException if the arrays' lengths differ or t &lt; 1
     */
    public static void adam(float[] theta, float[] g, float[] s, float[] r, int t, float eps, float rho1, float rho2, float delta) {
        int n = theta.length;
        if (g.length != n || s.length != n || r.length != n || t < 1) {
            throw new IllegalArgumentException("adam: theta " + n + ", gradient " + g.length + ", moments " + s.length + " and "
                    + r.length + " elements at step " + t + "; expected equal lengths and a step >= 1");
        }
        float c1 = (float) (1 - Math.pow(rho1, t));
        float c2 = (float) (1 - Math.pow(rho2, t));
        KernelProvider.kernels().update().adam(theta, g, s, r, 0, n, rho1, rho2, eps, c1, c2, delta);
    }

    /**
     * {@link #adam} on the rows {@code rows} of width {@code width} only (the rows a row-sparse
     * gradient touches, as PyTorch's {@code SparseAdam}: the other rows and their moments stay as
     * they are). Each updated element gets the bits the full update gives it.
     *
     * @throws IllegalArgumentException if the arrays' lengths differ, t &lt; 1 or a row is outside them
     */
    public static void adamRows(float[] theta, float[] g, float[] s, float[] r, int[] rows, int width, int t, float eps, float rho1,
            float rho2, float delta) {
        int n = theta.length;
        if (g.length != n || s.length != n || r.length != n || t < 1 || width < 1 || n % width != 0) {
            throw new IllegalArgumentException("adam: theta " + n + ", gradient " + g.length + ", moments " + s.length + " and "
                    + r.length + " elements in rows of " + width + " at step " + t + "; expected equal lengths, whole rows and a step >= 1");
        }
        float c1 = (float) (1 - Math.pow(rho1, t));
        float c2 = (float) (1 - Math.pow(rho2, t));
        for (int row : rows) {
            if (row < 0 || row >= n / width) {
                throw new IllegalArgumentException("adam: row " + row + " outside the " + n / width + " rows");
            }
            KernelProvider.kernels().update().adam(theta, g, s, r, row * width, (row + 1) * width, rho1, rho2, eps, c1, c2, delta);
        }
    }
}
