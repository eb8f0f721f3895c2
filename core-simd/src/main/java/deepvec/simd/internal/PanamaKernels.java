package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Kernels} on the Vector API. Loops run over whole vectors and finish with one masked
 * vector for the tail, so every length takes the same arithmetic path. Loaded reflectively by
 * {@link KernelProvider} only when {@code jdk.incubator.vector} is readable.
 */
final class PanamaKernels implements Kernels {

    PanamaKernels() {
        if (FL < 4) {
            throw new IllegalStateException("vector shape " + PanamaSpecies.SHAPE + " holds fewer than 4 floats");
        }
    }

    @Override
    public String name() {
        return "panama-" + PanamaSpecies.SHAPE.vectorBitSize();
    }

    @Override
    public void add(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, a, ao + i).add(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector.fromArray(F, a, ao + i, m).add(FloatVector.fromArray(F, b, bo + i, m)).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void sub(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, a, ao + i).sub(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector.fromArray(F, a, ao + i, m).sub(FloatVector.fromArray(F, b, bo + i, m)).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void mul(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, a, ao + i).mul(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector.fromArray(F, a, ao + i, m).mul(FloatVector.fromArray(F, b, bo + i, m)).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void div(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, a, ao + i).div(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            // masked-off lanes divide 0/0; they are never stored
            FloatVector.fromArray(F, a, ao + i, m).div(FloatVector.fromArray(F, b, bo + i, m)).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void max(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, a, ao + i).max(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector.fromArray(F, a, ao + i, m).max(FloatVector.fromArray(F, b, bo + i, m)).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void lessThan(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector va = FloatVector.fromArray(F, a, ao + i);
            zero.blend(one, va.compare(VectorOperators.LT, FloatVector.fromArray(F, b, bo + i))).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector va = FloatVector.fromArray(F, a, ao + i, m);
            zero.blend(one, va.compare(VectorOperators.LT, FloatVector.fromArray(F, b, bo + i, m))).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void wherePositive(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            VectorMask<Float> open = FloatVector.fromArray(F, b, bo + i).compare(VectorOperators.GT, zero);
            zero.blend(FloatVector.fromArray(F, a, ao + i), open).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            VectorMask<Float> open = FloatVector.fromArray(F, b, bo + i, m).compare(VectorOperators.GT, zero);
            zero.blend(FloatVector.fromArray(F, a, ao + i, m), open).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void fma(float[] a, int ao, float[] b, int bo, float[] c, int co, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, a, ao + i)
                    .fma(FloatVector.fromArray(F, b, bo + i), FloatVector.fromArray(F, c, co + i))
                    .intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector.fromArray(F, a, ao + i, m)
                    .fma(FloatVector.fromArray(F, b, bo + i, m), FloatVector.fromArray(F, c, co + i, m))
                    .intoArray(y, yo + i, m);
        }
    }

    @Override
    public void addScalar(float s, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, x, xo + i).add(s).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector.fromArray(F, x, xo + i, m).add(s).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void scale(float s, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, x, xo + i).mul(s).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector.fromArray(F, x, xo + i, m).mul(s).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector av = FloatVector.broadcast(F, alpha);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            av.fma(FloatVector.fromArray(F, x, xo + i), FloatVector.fromArray(F, y, yo + i)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            av.fma(FloatVector.fromArray(F, x, xo + i, m), FloatVector.fromArray(F, y, yo + i, m)).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void axpby(float alpha, float[] x, int xo, float beta, float[] y, int yo, int n) {
        FloatVector bv = FloatVector.broadcast(F, beta);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            bv.fma(FloatVector.fromArray(F, y, yo + i), FloatVector.fromArray(F, x, xo + i).mul(alpha)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            bv.fma(FloatVector.fromArray(F, y, yo + i, m), FloatVector.fromArray(F, x, xo + i, m).mul(alpha)).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void relu(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.blend(0f, v.compare(VectorOperators.LT, 0f)).intoArray(y, yo + i); // NaN passes through
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(F, x, xo + i, m);
            v.blend(0f, v.compare(VectorOperators.LT, 0f)).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void leakyRelu(float slope, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(F, x, xo + i, m);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void abs(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, x, xo + i).abs().intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector.fromArray(F, x, xo + i, m).abs().intoArray(y, yo + i, m);
        }
    }

    @Override
    public void sqrt(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, x, xo + i).lanewise(VectorOperators.SQRT).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector.fromArray(F, x, xo + i, m).lanewise(VectorOperators.SQRT).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void exp(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            VectorMath.exp(FloatVector.fromArray(F, x, xo + i)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            VectorMath.exp(FloatVector.fromArray(F, x, xo + i, m)).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void log(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            VectorMath.log(FloatVector.fromArray(F, x, xo + i)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            VectorMath.log(FloatVector.fromArray(F, x, xo + i, m)).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void tanh(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            VectorMath.tanh(FloatVector.fromArray(F, x, xo + i)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            VectorMath.tanh(FloatVector.fromArray(F, x, xo + i, m)).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            VectorMath.sigmoid(FloatVector.fromArray(F, x, xo + i)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            VectorMath.sigmoid(FloatVector.fromArray(F, x, xo + i, m)).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void softplus(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            VectorMath.softplus(FloatVector.fromArray(F, x, xo + i)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            VectorMath.softplus(FloatVector.fromArray(F, x, xo + i, m)).intoArray(y, yo + i, m);
        }
    }

    @Override
    public double sum(float[] x, int xo, int n) {
        double total = 0;
        for (int start = 0; start < n; start += ScalarKernels.SUM_BLOCK) {
            total += sumBlock(x, xo + start, Math.min(ScalarKernels.SUM_BLOCK, n - start));
        }
        return total;
    }

    /** 4 accumulators hide the FMA/add latency; the block is short enough for float. */
    private static float sumBlock(float[] x, int xo, int n) {
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
        int i = 0;
        for (int bound = n - 4 * FL; i <= bound; i += 4 * FL) {
            s0 = s0.add(FloatVector.fromArray(F, x, xo + i));
            s1 = s1.add(FloatVector.fromArray(F, x, xo + i + FL));
            s2 = s2.add(FloatVector.fromArray(F, x, xo + i + 2 * FL));
            s3 = s3.add(FloatVector.fromArray(F, x, xo + i + 3 * FL));
        }
        for (; i < n; i += FL) { // vector tail, the last one masked
            s0 = s0.add(FloatVector.fromArray(F, x, xo + i, F.indexInRange(i, n)));
        }
        float[] lanes = new float[FL];
        s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
        return PanamaSpecies.laneSum(lanes, 0);
    }

    @Override
    public void adam(float[] theta, float[] g, float[] s, float[] r, int n, float rho1, float rho2, float eps, float c1, float c2,
            float delta) {
        float a1 = 1 - rho1;
        float a2 = 1 - rho2;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector gi = FloatVector.fromArray(F, g, i);
            FloatVector si = FloatVector.fromArray(F, s, i).mul(rho1).add(gi.mul(a1));
            FloatVector ri = FloatVector.fromArray(F, r, i).mul(rho2).add(gi.mul(gi).mul(a2));
            si = si.blend(0f, si.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
            ri = ri.blend(0f, ri.compare(VectorOperators.LT, Float.MIN_NORMAL));
            si.intoArray(s, i);
            ri.intoArray(r, i);
            FloatVector step = si.div(c1).mul(eps).div(ri.div(c2).sqrt().add(delta));
            FloatVector.fromArray(F, theta, i).sub(step).intoArray(theta, i);
        }
        ScalarKernels.adamRange(theta, g, s, r, i, n, rho1, rho2, eps, c1, c2, delta);   // the same operations in the same order
    }

    @Override
    public double sumSquaredDeviations(float[] x, int xo, int n, float mean) {
        double total = 0;
        for (int start = 0; start < n; start += ScalarKernels.SUM_BLOCK) {
            total += squaredDeviationBlock(x, xo + start, Math.min(ScalarKernels.SUM_BLOCK, n - start), mean);
        }
        return total;
    }

    private static float squaredDeviationBlock(float[] x, int xo, int n, float mean) {
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
        int i = 0;
        for (int bound = n - 2 * FL; i <= bound; i += 2 * FL) {
            FloatVector d0 = FloatVector.fromArray(F, x, xo + i).sub(mean);
            FloatVector d1 = FloatVector.fromArray(F, x, xo + i + FL).sub(mean);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
        }
        for (; i < n; i += FL) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(F, x, xo + i, m).sub(mean, m); // masked lanes stay 0
            s0 = d.fma(d, s0);
        }
        float[] lanes = new float[FL];
        s0.add(s1).intoArray(lanes, 0);
        return PanamaSpecies.laneSum(lanes, 0);
    }

    @Override
    public float max(float[] x, int xo, int n) {
        FloatVector m0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        FloatVector m1 = m0;
        int i = 0;
        for (int bound = n - 2 * FL; i <= bound; i += 2 * FL) {
            m0 = m0.max(FloatVector.fromArray(F, x, xo + i));
            m1 = m1.max(FloatVector.fromArray(F, x, xo + i + FL));
        }
        for (; i < n; i += FL) {
            VectorMask<Float> m = F.indexInRange(i, n);
            m0 = m0.max(FloatVector.fromArray(F, x, xo + i, m).blend(Float.NEGATIVE_INFINITY, m.not()));
        }
        return m0.max(m1).reduceLanes(VectorOperators.MAX);
    }

    @Override
    public int argmax(float[] x, int xo, int n) {
        float best = max(x, xo, n);
        boolean nan = Float.isNaN(best);
        for (int i = 0; i < n; i += FL) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(F, x, xo + i, m);
            VectorMask<Float> hit = nan ? v.test(VectorOperators.IS_NAN).and(m) : v.compare(VectorOperators.EQ, best, m);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        return 0; // n == 0
    }

    @Override
    public void gemmShortK(int m, int n, int k, float[] w, int wo, float[] x, int xo, int ldx, float[] bias, int bo,
                           float[] y, int yo, int ldy) {
        PanamaShortGemm.product(m, n, k, w, wo, x, xo, ldx, bias, bo, y, yo, ldy);
    }

    @Override
    public void gemmShortKGradient(int m, int n, int k, float[] dy, int dyo, int ldy, float[] x, int xo, int ldx,
                                   float[] g, int go) {
        PanamaShortGemm.gradient(m, n, k, dy, dyo, ldy, x, xo, ldx, g, go);
    }

    @Override
    public void maxPoolTwoByTwoRow(float[] in, int top, int width, int outW, float[] out, int oo, int[] argmax, int ao,
                                   int corner) {
        PanamaPooling.maxRow(in, top, width, outW, out, oo, argmax, ao, corner);
    }

    @Override
    public void maxUnpoolTwoByTwoRow(float[] gradOut, int go, int[] argmax, int ao, int outW, float[] gradIn, int plane,
                                     int corner, int width) {
        PanamaPooling.unpoolRow(gradOut, go, argmax, ao, outW, gradIn, plane, corner, width);
    }

    @Override
    public double expShiftSum(float[] x, int xo, float shift, float[] y, int yo, int n) {
        double total = 0;
        for (int start = 0; start < n; start += ScalarKernels.SUM_BLOCK) {
            int len = Math.min(ScalarKernels.SUM_BLOCK, n - start);
            total += expShiftBlock(x, xo + start, shift, y, yo + start, len);
        }
        return total;
    }

    private static float expShiftBlock(float[] x, int xo, float shift, float[] y, int yo, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(F, x, xo + i).sub(shift));
            e.intoArray(y, yo + i);
            acc = acc.add(e);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector e = VectorMath.exp(FloatVector.fromArray(F, x, xo + i, m).sub(shift));
            e.intoArray(y, yo + i, m);
            acc = acc.add(e, m);
        }
        float[] lanes = new float[FL];
        acc.intoArray(lanes, 0);
        return PanamaSpecies.laneSum(lanes, 0);
    }

    @Override
    public int gemmMr() {
        return PanamaGemmTile.MR;
    }

    @Override
    public int gemmNr() {
        return PanamaGemmTile.NR;
    }

    @Override
    public void gemmTile(int kc, float[] a, int ao, float[] b, int bo, int bStride, float[] c, int co, int ldc) {
        PanamaGemmTile.compute(kc, a, ao, b, bo, bStride, c, co, ldc);
    }

    @Override
    public void gemmDotTile(int k, float[] a, int ao, int lda, float[] bt, int bo, int ldbt, float[] c, int co, int ldc) {
        PanamaGemmDotTile.compute(k, a, ao, lda, bt, bo, ldbt, c, co, ldc);
    }

    @Override
    public void uniform(long key, long counter, float[] y, int yo, int n) {
        PanamaRandom.uniform(key, counter, y, yo, n);
    }

    @Override
    public void normal(long key, long counter, float[] y, int yo, int n) {
        PanamaRandom.normal(key, counter, y, yo, n);
    }

    @Override
    public void bernoulliFromUniform(float p, float[] y, int yo, int n) {
        PanamaRandom.bernoulliFromUniform(p, y, yo, n);
    }
}
