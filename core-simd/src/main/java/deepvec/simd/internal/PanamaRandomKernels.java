package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;
import static deepvec.simd.internal.PanamaSpecies.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * Vectorised fills from the counter-based stream of {@link CounterMix}: one vector of 64-bit
 * words, reinterpreted as twice as many 32-bit halves (low half first, as in
 * {@link ScalarKernels#uniform}), gives one vector of floats.
 */
final class PanamaRandomKernels implements RandomKernels {

    private static final int WORDS = L.length();                 // words per float vector
    private static final LongVector LANE_INDEX = LongVector.zero(L).addIndex(1);
    private static final VectorShuffle<Float> EVEN_TO_PAIR = VectorShuffle.fromOp(F, i -> i & ~1);
    private static final VectorShuffle<Float> ODD_TO_PAIR = VectorShuffle.fromOp(F, i -> i | 1);
    private static final FloatVector QUARTER_ON_EVEN = FloatVector.zero(F)
            .blend(0.25f, VectorMask.fromLong(F, 0x5555555555555555L));

    /** Floats j .. j+FL of the uniform stream that starts at word {@code counter}. */
    private static FloatVector uniformBlock(long key, long counter) {
        LongVector z = LANE_INDEX.add(counter + 1).mul(CounterMix.GOLDEN_GAMMA).add(key);
        z = z.lanewise(VectorOperators.LSHR, 30).lanewise(VectorOperators.XOR, z).mul(CounterMix.MIX_1);
        z = z.lanewise(VectorOperators.LSHR, 27).lanewise(VectorOperators.XOR, z).mul(CounterMix.MIX_2);
        z = z.lanewise(VectorOperators.LSHR, 31).lanewise(VectorOperators.XOR, z);
        return ((FloatVector) z.reinterpretAsInts().lanewise(VectorOperators.LSHR, 8)
                .convert(VectorOperators.I2F, 0)).mul(CounterMix.INV_2_POW_24);
    }

    @Override
    public void uniform(long key, long counter, float[] y, int yo, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += FL, counter += WORDS) {
            uniformBlock(key, counter).intoArray(y, yo + j);
        }
        if (j < n) {
            uniformBlock(key, counter).intoArray(y, yo + j, F.indexInRange(j, n));
        }
    }

    @Override
    public void normal(long key, long counter, float[] y, int yo, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += FL, counter += WORDS) {
            boxMuller(uniformBlock(key, counter)).intoArray(y, yo + j);
        }
        if (j < n) {
            boxMuller(uniformBlock(key, counter)).intoArray(y, yo + j, F.indexInRange(j, n));
        }
    }

    /**
     * Even lanes hold u1 and odd lanes u2 of each pair: lane 2i becomes r cos(2 pi u2) and lane
     * 2i+1 becomes r sin(2 pi u2), with r = sqrt(-2 log(1 - u1)). The cosine is taken as the
     * sine a quarter turn further on, so one sine serves both lanes of a pair.
     */
    private static FloatVector boxMuller(FloatVector u) {
        FloatVector radius = VectorMath.log(FloatVector.broadcast(F, 1f).sub(u)).mul(-2f)
                .lanewise(VectorOperators.SQRT).rearrange(EVEN_TO_PAIR);
        FloatVector turns = u.rearrange(ODD_TO_PAIR).add(QUARTER_ON_EVEN);
        return radius.mul(VectorMath.sin2Pi(turns));
    }

    @Override
    public void bernoulliFromUniform(float p, float[] y, int yo, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector u = FloatVector.fromArray(F, y, yo + i);
            zero.blend(one, u.compare(VectorOperators.LT, p)).intoArray(y, yo + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector u = FloatVector.fromArray(F, y, yo + i, m);
            zero.blend(one, u.compare(VectorOperators.LT, p)).intoArray(y, yo + i, m);
        }
    }
}
