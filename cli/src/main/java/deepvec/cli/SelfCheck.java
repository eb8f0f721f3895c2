package deepvec.cli;

import deepvec.probabilistic.distribution.DiagonalGaussian;
import deepvec.simd.ComputePool;
import deepvec.simd.ConvGeometry;
import deepvec.simd.Elementwise;
import deepvec.simd.Gemm;
import deepvec.simd.Im2col;
import deepvec.simd.Reduce;
import deepvec.simd.Softmax;
import deepvec.simd.Tensor;
import deepvec.simd.linalg.LinearAlgebra;
import deepvec.simd.linalg.Matrix;
import deepvec.simd.linalg.Svd;
import deepvec.simd.random.Rng;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * The demo's kernel self-check: each kernel family against an independent oracle from the
 * public API (double-precision {@link Matrix} products, {@link Math}, adjoint identities,
 * closed forms), printing one line per check.
 */
final class SelfCheck {

    private final PrintStream out;
    private final Rng rng = Rng.seeded(20261123);
    private int failures;

    SelfCheck(PrintStream out) {
        this.out = out;
    }

    /** Runs every check; returns the number that failed. */
    int run() {
        gemm();
        threadInvariance();
        transcendental("exp", Elementwise::exp, Math::exp, -80, 80, 2);
        transcendental("log", Elementwise::log, Math::log, 1e-30, 1e30, 2);
        transcendental("tanh", Elementwise::tanh, Math::tanh, -10, 10, 2);
        transcendental("sigmoid", Elementwise::sigmoid, v -> 1 / (1 + Math.exp(-v)), -30, 30, 3);
        softmax();
        convolution();
        linearAlgebra();
        gaussian();
        return failures;
    }

    private void report(boolean ok, String name, String detail) {
        if (!ok) {
            failures++;
        }
        out.printf(Locale.ROOT, "  %s %-30s %s%n", ok ? "ok  " : "FAIL", name, detail);
    }

    private static Matrix toMatrix(Tensor t) {
        float[] v = t.contiguous().toArray();
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return Matrix.of(t.dim(0), t.dim(1), d);
    }

    private void gemm() {
        double worst = 0;
        for (int[] s : new int[][] {{37, 45, 70}, {128, 10, 256}, {300, 301, 129}, {12, 64, 600}}) {
            Tensor a = rng.uniform(-1f, 1f, s[0], s[2]);
            Tensor b = rng.uniform(-1f, 1f, s[2], s[1]);
            Tensor bt = b.transpose(0, 1).contiguous().transpose(0, 1);     // same values, read transposed
            Matrix expected = toMatrix(a).multiply(toMatrix(b));
            for (Tensor c : new Tensor[] {Gemm.matmul(a, b), Gemm.matmul(a, bt)}) {
                worst = Math.max(worst, expected.minus(toMatrix(c)).frobeniusNorm() / expected.frobeniusNorm());
            }
        }
        report(worst < 1e-6, "GEMM vs double precision", String.format(Locale.ROOT, "max relative error %.1e", worst));
    }

    private void threadInvariance() {
        Tensor a = rng.uniform(-1f, 1f, 257, 300);
        Tensor b = rng.uniform(-1f, 1f, 300, 511);
        float[] one;
        float[] two;
        float[] drawsOne;
        float[] drawsTwo;
        try (ComputePool single = ComputePool.ofThreads(1); ComputePool pair = ComputePool.ofThreads(2)) {
            one = single.call(() -> Gemm.matmul(a, b)).toArray();
            two = pair.call(() -> Gemm.matmul(a, b)).toArray();
            drawsOne = single.call(() -> Rng.seeded(5).normal(0f, 1f, 1 << 19)).toArray();
            drawsTwo = pair.call(() -> Rng.seeded(5).normal(0f, 1f, 1 << 19)).toArray();
        }
        report(Arrays.equals(one, two) && Arrays.equals(drawsOne, drawsTwo), "1 vs 2 threads", "GEMM and RNG bit-identical");
    }

    private void transcendental(String name, UnaryOperator<Tensor> op, DoubleUnaryOperator exact,
                                double lo, double hi, double ulpBound) {
        Tensor x = rng.uniform(0f, 1f, 1 << 16);
        float[] v = x.data();
        boolean logScale = lo > 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (logScale ? Math.exp(Math.log(lo) + v[i] * (Math.log(hi) - Math.log(lo))) : lo + v[i] * (hi - lo));
        }
        float[] y = op.apply(x).toArray();
        double worst = 0;
        for (int i = 0; i < v.length; i++) {
            double ref = exact.applyAsDouble(v[i]);
            worst = Math.max(worst, Math.abs(y[i] - ref) / Math.ulp((float) ref));
        }
        report(worst <= ulpBound, name + " vs Math", String.format(Locale.ROOT, "max error %.2f ulp", worst));
    }

    private void softmax() {
        Tensor logits = rng.normal(0f, 30f, 64, 1000);
        Tensor sums = Reduce.sum(Softmax.softmax(logits, 1), 1, false);
        float worst = 0;
        for (float s : sums.toArray()) {
            worst = Math.max(worst, Math.abs(s - 1));
        }
        report(worst < 1e-5, "softmax rows sum to 1", String.format(Locale.ROOT, "max deviation %.1e", worst));
    }

    private void convolution() {
        ConvGeometry g = new ConvGeometry(3, 12, 13, 3, 3, 2, 1, 1, 1, 1, 2, 1);
        int images = 2;
        float[] x = rng.uniform(-1f, 1f, images * g.imageSize()).data();
        int colsSize = g.patchSize() * images * g.outHeight() * g.outWidth();
        float[] y = rng.uniform(-1f, 1f, colsSize).data();
        float[] cols = new float[colsSize];
        float[] back = new float[x.length];
        Im2col.im2col(g, x, 0, images, 0, cols, 0);
        Im2col.col2im(g, y, 0, images, 0, back, 0);
        double lhs = dot(cols, y);
        double rhs = dot(x, back);
        report(Math.abs(lhs - rhs) < 1e-4 * Math.abs(lhs), "col2im is im2col's adjoint",
                String.format(Locale.ROOT, "<im2col x, y> = %.4f, <x, col2im y> = %.4f", lhs, rhs));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private void linearAlgebra() {
        Matrix a = toMatrix(rng.normal(0f, 1f, 40, 25));
        Svd svd = Svd.of(a);
        Matrix back = svd.u().multiply(Matrix.diagonal(svd.singularValues())).multiply(svd.v().transpose());
        Matrix pinv = LinearAlgebra.pseudoInverse(a);
        double svdError = a.minus(back).frobeniusNorm() / a.frobeniusNorm();
        double penrose = a.minus(a.multiply(pinv).multiply(a)).frobeniusNorm() / a.frobeniusNorm();
        report(svdError < 1e-12 && penrose < 1e-12, "SVD and pseudo-inverse",
                String.format(Locale.ROOT, "|A - USV^T| %.1e, |A - AA+A| %.1e", svdError, penrose));
    }

    private void gaussian() {
        DiagonalGaussian p = DiagonalGaussian.of(Tensor.of(new float[] {0f, 1f}, 2), Tensor.of(new float[] {1f, 0.5f}, 2));
        DiagonalGaussian q = DiagonalGaussian.of(Tensor.of(new float[] {0.5f, 0f}, 2), Tensor.of(new float[] {2f, 1f}, 2));
        Tensor draws = p.sample(rng, 200_000);
        double monteCarlo = Reduce.mean(p.logProb(draws)) - Reduce.mean(q.logProb(draws));
        double closed = p.klDivergence(q);
        report(Math.abs(monteCarlo - closed) < 0.02, "Gaussian KL, closed vs sampled",
                String.format(Locale.ROOT, "%.4f vs %.4f nats", closed, monteCarlo));
    }
}
