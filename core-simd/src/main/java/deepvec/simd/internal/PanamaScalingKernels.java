package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * {@link ScalingKernels} on the Vector API: whole vectors, then one masked vector for the tail, so
 * every length takes the same arithmetic path. Created by {@link PanamaKernels} only when
 * {@code jdk.incubator.vector} is readable.
 */
final class PanamaScalingKernels implements ScalingKernels {

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
    public void affine(float s, float t, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector sv = FloatVector.broadcast(F, s);
        FloatVector tv = FloatVector.broadcast(F, t);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            sv.fma(FloatVector.fromArray(F, x, xo + i), tv).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            sv.fma(FloatVector.fromArray(F, x, xo + i, m), tv).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void combine(float a, float[] x, int xo, float b, float[] z, int zo, float c, float[] y, int yo, int n) {
        FloatVector av = FloatVector.broadcast(F, a);
        FloatVector bv = FloatVector.broadcast(F, b);
        FloatVector cv = FloatVector.broadcast(F, c);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            av.fma(FloatVector.fromArray(F, x, xo + i), bv.fma(FloatVector.fromArray(F, z, zo + i), cv)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            av.fma(FloatVector.fromArray(F, x, xo + i, m), bv.fma(FloatVector.fromArray(F, z, zo + i, m), cv)).intoArray(y, yo + i, m);
        }
    }
}
