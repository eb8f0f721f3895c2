package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link BinaryKernels} on the Vector API: whole vectors, then one masked vector for the tail, so
 * every length takes the same arithmetic path. Created by {@link PanamaKernels} only when
 * {@code jdk.incubator.vector} is readable.
 */
final class PanamaBinaryKernels implements BinaryKernels {

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
}
