package deepvec.simd.internal;

/**
 * {@link UpdateKernels} in plain loops: the reference the vector kernels are tested
 * against and the fallback without the Vector API.
 */
public final class ScalarUpdateKernels implements UpdateKernels {

    @Override
    public void adam(float[] theta, float[] g, float[] s, float[] r, int from, int to, float rho1, float rho2, float eps, float c1,
            float c2, float delta) {
        adamRange(theta, g, s, r, from, to, rho1, rho2, eps, c1, c2, delta);
    }

    /** {@link #adam} for indices [from, to); also the vector kernel's tail. */
    static void adamRange(float[] theta, float[] g, float[] s, float[] r, int from, int to, float rho1, float rho2, float eps,
            float c1, float c2, float delta) {
        float a1 = 1 - rho1;
        float a2 = 1 - rho2;
        for (int i = from; i < to; i++) {
            float si = rho1 * s[i] + a1 * g[i];
            float ri = rho2 * r[i] + a2 * (g[i] * g[i]);
            si = Math.abs(si) < Float.MIN_NORMAL ? 0f : si;
            ri = ri < Float.MIN_NORMAL ? 0f : ri;
            s[i] = si;
            r[i] = ri;
            theta[i] -= eps * (si / c1) / ((float) Math.sqrt(ri / c2) + delta);
        }
    }
}
