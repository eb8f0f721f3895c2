package deepvec.simd.internal;

/**
 * Plain-loop implementation of {@link Kernels}: the reference every SIMD kernel is tested
 * against, and the fallback when the Vector API is not available. Transcendentals use
 * {@link Math} in double and round once to float.
 */
public final class ScalarKernels implements Kernels {

    /** Register tile of the scalar GEMM; small enough for the JIT to keep rows in registers. */
    private static final int MR = 4;
    private static final int NR = 8;

    /** Block length for float partial sums that are then combined in double. */
    static final int SUM_BLOCK = 4096;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void add(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = a[ao + i] + b[bo + i];
        }
    }

    @Override
    public void sub(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = a[ao + i] - b[bo + i];
        }
    }

    @Override
    public void mul(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = a[ao + i] * b[bo + i];
        }
    }

    @Override
    public void div(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = a[ao + i] / b[bo + i];
        }
    }

    @Override
    public void max(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.max(a[ao + i], b[bo + i]);
        }
    }

    @Override
    public void lessThan(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = a[ao + i] < b[bo + i] ? 1f : 0f;
        }
    }

    @Override
    public void wherePositive(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = b[bo + i] > 0f ? a[ao + i] : 0f;
        }
    }

    @Override
    public void fma(float[] a, int ao, float[] b, int bo, float[] c, int co, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.fma(a[ao + i], b[bo + i], c[co + i]);
        }
    }

    @Override
    public void addScalar(float s, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = x[xo + i] + s;
        }
    }

    @Override
    public void scale(float s, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = s * x[xo + i];
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
        }
    }

    @Override
    public void axpby(float alpha, float[] x, int xo, float beta, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.fma(beta, y[yo + i], alpha * x[xo + i]);
        }
    }

    @Override
    public void relu(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            y[yo + i] = v < 0f ? 0f : v; // NaN passes through
        }
    }

    @Override
    public void leakyRelu(float slope, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            y[yo + i] = v > 0f ? v : slope * v;
        }
    }

    @Override
    public void abs(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.abs(x[xo + i]);
        }
    }

    @Override
    public void sqrt(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) Math.sqrt(x[xo + i]);
        }
    }

    @Override
    public void exp(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) Math.exp(x[xo + i]);
        }
    }

    @Override
    public void log(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) Math.log(x[xo + i]);
        }
    }

    @Override
    public void tanh(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) Math.tanh(x[xo + i]);
        }
    }

    @Override
    public void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) sigmoid((double) x[xo + i]);
        }
    }

    /** The logistic function in double, without overflow: exp is only taken of -|x|. */
    static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        return x >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    @Override
    public void softplus(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            double v = x[xo + i];
            y[yo + i] = (float) (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
        }
    }

    @Override
    public double sum(float[] x, int xo, int n) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += x[xo + i];
        }
        return total;
    }

    @Override
    public void adam(float[] theta, float[] g, float[] s, float[] r, int n, float rho1, float rho2, float eps, float c1, float c2,
            float delta) {
        adamRange(theta, g, s, r, 0, n, rho1, rho2, eps, c1, c2, delta);
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

    @Override
    public double sumSquaredDeviations(float[] x, int xo, int n, float mean) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            double d = x[xo + i] - (double) mean;
            total += d * d;
        }
        return total;
    }

    @Override
    public float max(float[] x, int xo, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[xo + i]);
        }
        return m;
    }

    @Override
    public int argmax(float[] x, int xo, int n) {
        int best = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            if (v != v) {
                return i;
            }
            if (v > x[xo + best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void maxPoolTwoByTwoRow(float[] in, int top, int width, int outW, float[] out, int oo, int[] argmax, int ao,
                                   int corner) {
        for (int ow = 0; ow < outW; ow++) {
            maxPoolTwoByTwoWindow(in, top + 2 * ow, width, out, oo + ow, argmax, ao + ow, corner + 2 * ow);
        }
    }

    /** One window of {@link #maxPoolTwoByTwoRow}, scanned in order: the reference every kernel matches. */
    static void maxPoolTwoByTwoWindow(float[] in, int topLeft, int width, float[] out, int o, int[] argmax, int a, int corner) {
        int best = 0;
        for (int offset : new int[] {1, width, width + 1}) {
            float value = in[topLeft + offset];
            float bestValue = in[topLeft + best];
            if (bestValue == bestValue && (value > bestValue || value != value)) {
                best = offset;
            }
        }
        out[o] = in[topLeft + best];
        argmax[a] = corner + best;
    }

    @Override
    public void maxUnpoolTwoByTwoRow(float[] gradOut, int go, int[] argmax, int ao, int outW, float[] gradIn, int plane,
                                     int corner, int width) {
        for (int ow = 0; ow < outW; ow++) {
            gradIn[plane + argmax[ao + ow]] += gradOut[go + ow];
        }
    }

    @Override
    public double expShiftSum(float[] x, int xo, float shift, float[] y, int yo, int n) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[xo + i] - shift);
            y[yo + i] = e;
            total += e;
        }
        return total;
    }

    @Override
    public int gemmMr() {
        return MR;
    }

    @Override
    public int gemmNr() {
        return NR;
    }

    @Override
    public void gemmTile(int kc, float[] a, int ao, float[] b, int bo, int bStride, float[] c, int co, int ldc) {
        float[] acc = new float[MR * NR];
        for (int p = 0; p < kc; p++) {
            int ap = ao + p * MR;
            int bp = bo + p * bStride;
            for (int i = 0; i < MR; i++) {
                float ai = a[ap + i];
                for (int j = 0; j < NR; j++) {
                    acc[i * NR + j] = Math.fma(ai, b[bp + j], acc[i * NR + j]);
                }
            }
        }
        for (int i = 0; i < MR; i++) {
            System.arraycopy(acc, i * NR, c, co + i * ldc, NR);
        }
    }

    @Override
    public void gemmDotTile(int k, float[] a, int ao, int lda, float[] bt, int bo, int ldbt, float[] c, int co, int ldc) {
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[ao + i * lda + p], bt[bo + j * ldbt + p], sum);
                }
                c[co + i * ldc + j] = sum;
            }
        }
    }

    @Override
    public void gemmShortK(int m, int n, int k, float[] w, int wo, float[] x, int xo, int ldx, float[] bias, int bo,
                           float[] y, int yo, int ldy) {
        for (int i = 0; i < m; i++) {
            float start = bias == null ? 0f : bias[bo + i];
            for (int j = 0; j < n; j++) {
                float sum = start;
                for (int t = 0; t < k; t++) {
                    sum = Math.fma(w[wo + i * k + t], x[xo + t * ldx + j], sum);
                }
                y[yo + i * ldy + j] = sum;
            }
        }
    }

    @Override
    public void gemmShortKGradient(int m, int n, int k, float[] dy, int dyo, int ldy, float[] x, int xo, int ldx,
                                   float[] g, int go) {
        for (int i = 0; i < m; i++) {
            for (int t = 0; t < k; t++) {
                float sum = 0f;
                for (int j = 0; j < n; j++) {
                    sum = Math.fma(dy[dyo + i * ldy + j], x[xo + t * ldx + j], sum);
                }
                g[go + i * k + t] += sum;
            }
        }
    }

    @Override
    public void uniform(long key, long counter, float[] y, int yo, int n) {
        for (int j = 0; j < n; j++) {
            long w = CounterMix.word(key, counter + (j >>> 1));
            int half = (j & 1) == 0 ? (int) w : (int) (w >>> 32);
            y[yo + j] = CounterMix.unit(half);
        }
    }

    @Override
    public void normal(long key, long counter, float[] y, int yo, int n) {
        for (int j = 0; j < n; j += 2) {
            long w = CounterMix.word(key, counter + (j >>> 1));
            double u1 = CounterMix.unit((int) w);
            double u2 = CounterMix.unit((int) (w >>> 32));
            double radius = Math.sqrt(-2 * Math.log(1 - u1)); // 1 - u1 is in (0, 1]
            double angle = 2 * Math.PI * u2;
            y[yo + j] = (float) (radius * Math.cos(angle));
            if (j + 1 < n) {
                y[yo + j + 1] = (float) (radius * Math.sin(angle));
            }
        }
    }

    @Override
    public void bernoulliFromUniform(float p, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = y[yo + i] < p ? 1f : 0f;
        }
    }
}
