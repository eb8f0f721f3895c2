package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link ReductionKernels} on the Vector API: whole vectors, then one masked vector for the tail, so
 * every length takes the same arithmetic path. Created by {@link PanamaKernels} only when
 * {@code jdk.incubator.vector} is readable.
 */
final class PanamaReductionKernels implements ReductionKernels {

    /**
     * Floats per block of float partial sums, combined in double: 256 vectors, so every lane
     * adds the same number of values whatever the vector width (4096 floats at 512 bits) and
     * the rounding error of a sum does not grow on narrower vectors.
     */
    static final int BLOCK = 256 * FL;

    @Override
    public double sum(float[] x, int xo, int n) {
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            total += sumBlock(x, xo + start, Math.min(BLOCK, n - start));
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
    public double sumSquaredDeviations(float[] x, int xo, int n, float mean) {
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            total += squaredDeviationBlock(x, xo + start, Math.min(BLOCK, n - start), mean);
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
    public double expShiftSum(float[] x, int xo, float shift, float[] y, int yo, int n) {
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            int len = Math.min(BLOCK, n - start);
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
    public double dot(float[] x, int xo, float[] y, int yo, int n) {
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            total += dotBlock(x, xo + start, y, yo + start, Math.min(BLOCK, n - start));
        }
        return total;
    }

    private static float dotBlock(float[] x, int xo, float[] y, int yo, int n) {
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
        int i = 0;
        for (int bound = n - 2 * FL; i <= bound; i += 2 * FL) {
            s0 = FloatVector.fromArray(F, x, xo + i).fma(FloatVector.fromArray(F, y, yo + i), s0);
            s1 = FloatVector.fromArray(F, x, xo + i + FL).fma(FloatVector.fromArray(F, y, yo + i + FL), s1);
        }
        for (; i < n; i += FL) {
            VectorMask<Float> m = F.indexInRange(i, n);
            s0 = FloatVector.fromArray(F, x, xo + i, m).fma(FloatVector.fromArray(F, y, yo + i, m), s0);
        }
        float[] lanes = new float[FL];
        s0.add(s1).intoArray(lanes, 0);
        return PanamaSpecies.laneSum(lanes, 0);
    }
}
