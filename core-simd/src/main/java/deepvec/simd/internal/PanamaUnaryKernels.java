package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link UnaryKernels} on the Vector API: whole vectors, then one masked vector for the tail, so
 * every length takes the same arithmetic path. Created by {@link PanamaKernels} only when
 * {@code jdk.incubator.vector} is readable.
 */
final class PanamaUnaryKernels implements UnaryKernels {

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
}
