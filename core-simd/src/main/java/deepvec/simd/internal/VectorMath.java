package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Vectorised float transcendentals by range reduction and polynomials, accurate to a few ulp
 * over the whole float range (NaN and infinities included). The polynomial coefficients were
 * fitted for deepvec by weighted least squares on Chebyshev nodes and checked against
 * 40-digit references; the tests measure the ulp error against {@link Math}.
 *
 * <p>Everything is written out inside each function on purpose: these bodies are large
 * after the Vector API expands them, C2 then stops inlining small helpers
 * (NodeCountInliningCutoff), and a vector passed to a call that is not inlined is boxed on the
 * heap. A {@code copySign(FloatVector, FloatVector)} helper made tanh 100 times slower.
 */
final class VectorMath {

    // exp: x = n ln2 + r, |r| <= ln2/2, e^r = 1 + r + r^2 P(r); 2^n is applied in two halves
    // so that results down to the smallest subnormal come out right.
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693145751953125f;      // few bits: n * LN2_HI is exact
    private static final float LN2_LO = 1.428606765330187045e-06f;
    private static final float ROUND_MAGIC = 12582912f;           // 1.5 * 2^23
    private static final int ROUND_MAGIC_BITS = 0x4B400000;
    private static final float EXP_MIN_INPUT = -104f;             // exp(-104) rounds to 0
    private static final float EXP_MAX_INPUT = 89f;               // exp(89) overflows to inf
    private static final int NON_POSITIVE_BIAS = 64;
    private static final float TWO_POW_MINUS_BIAS = 0x1p-64f;
    private static final float EXP_P0 = 0.5f;
    private static final float EXP_P1 = 0.16666576266288757f;
    private static final float EXP_P2 = 0.041666463017463684f;
    private static final float EXP_P3 = 0.008363348431885242f;
    private static final float EXP_P4 = 0.0013933902373537421f;

    // log: x = 2^k z with z in [sqrt(1/2), sqrt(2)); log z = 2 atanh(s), s = (z-1)/(z+1).
    private static final int SQRT_HALF_BITS = 0x3f3504f3;
    private static final float TWO_POW_23 = 8388608f;
    private static final float ATANH_C1 = 2f / 3f;
    private static final float ATANH_C2 = 2f / 5f;
    private static final float ATANH_C3 = 2f / 7f;
    private static final float ATANH_C4 = 2f / 9f;

    // tanh: |x| < 0.625 by x + x^3 P(x^2), else (1 - e) / (1 + e) with e = exp(-2|x|).
    private static final float TANH_POLY_LIMIT = 0.625f;
    private static final float TANH_P0 = -0.3333333432674408f;
    private static final float TANH_P1 = 0.13333310186862946f;
    private static final float TANH_P2 = -0.05396048352122307f;
    private static final float TANH_P3 = 0.0217768382281065f;
    private static final float TANH_P4 = -0.008365587331354618f;
    private static final float TANH_P5 = 0.002313843462616205f;

    // sin and cos on [-pi/4, pi/4] by their Taylor series, truncated past float precision.
    private static final float TWO_PI = (float) (2 * Math.PI);

    private VectorMath() {
    }

    static FloatVector exp(FloatVector x) {
        // clamp by compare + blend (cheaper than NaN-aware min/max): NaN fails both, stays NaN
        return expBelowOverflow(x.blend(EXP_MAX_INPUT, x.compare(VectorOperators.GT, EXP_MAX_INPUT)), false);
    }

    /**
     * exp for inputs at most {@code EXP_MAX_INPUT} (or NaN). With {@code nonPositive}, for inputs
     * at most 0 (sigmoid, tanh and softplus take the exponential of -|x|): then 2^n is at most 1,
     * one scaling by the normal 2^(n + 64) is exact and the multiplication by 2^-64 rounds once,
     * to the same bits as the two half scalings in half their instructions. (One method for
     * both, a constant argument folded once inlined: a second level of helper calls is where C2
     * stops inlining, and a vector passed to a call left out of line is boxed.)
     */
    private static FloatVector expBelowOverflow(FloatVector x, boolean nonPositive) {
        FloatVector xc = x.blend(EXP_MIN_INPUT, x.compare(VectorOperators.LT, EXP_MIN_INPUT));
        FloatVector t = xc.fma(FloatVector.broadcast(F, LOG2E), FloatVector.broadcast(F, ROUND_MAGIC));
        FloatVector n = t.sub(ROUND_MAGIC);
        IntVector ni = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(F, EXP_P4);
        p = p.fma(r, FloatVector.broadcast(F, EXP_P3));
        p = p.fma(r, FloatVector.broadcast(F, EXP_P2));
        p = p.fma(r, FloatVector.broadcast(F, EXP_P1));
        p = p.fma(r, FloatVector.broadcast(F, EXP_P0));
        FloatVector er = r.mul(r).fma(p, r).add(1f);
        if (nonPositive) {                                        // n in [-150, 0], n + 64 >= -86
            return er.mul(ni.add(NON_POSITIVE_BIAS + 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                    .mul(TWO_POW_MINUS_BIAS);
        }
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);                                // both halves in [-75, 64]
        FloatVector scale1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector scale2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return er.mul(scale1).mul(scale2);
    }

    static FloatVector log(FloatVector x) {
        VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(TWO_POW_23), subnormal);
        IntVector bits = xs.reinterpretAsInts();
        IntVector shifted = bits.sub(SQRT_HALF_BITS);
        IntVector k = shifted.lanewise(VectorOperators.ASHR, 23);
        FloatVector z = bits.sub(k.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats();
        FloatVector kf = k.convert(VectorOperators.I2F, 0).reinterpretAsFloats()
                .sub(FloatVector.zero(F).blend(23f, subnormal));
        FloatVector f = z.sub(1f);                              // exact: z is within 2x of 1
        FloatVector s = f.div(z.add(1f));
        FloatVector s2 = s.mul(s);
        FloatVector q = FloatVector.broadcast(F, ATANH_C4);
        q = q.fma(s2, FloatVector.broadcast(F, ATANH_C3));
        q = q.fma(s2, FloatVector.broadcast(F, ATANH_C2));
        q = q.fma(s2, FloatVector.broadcast(F, ATANH_C1));
        FloatVector logZ = s.mul(s2).fma(q, s.add(s));          // 2s + s^3 q
        FloatVector result = kf.fma(FloatVector.broadcast(F, LN2_HI), kf.fma(FloatVector.broadcast(F, LN2_LO), logZ));
        result = result.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        result = result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        return result.blend(Float.NaN, x.compare(VectorOperators.GE, 0f).not()); // negative or NaN
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector x2 = x.mul(x);
        FloatVector p = FloatVector.broadcast(F, TANH_P5);
        p = p.fma(x2, FloatVector.broadcast(F, TANH_P4));
        p = p.fma(x2, FloatVector.broadcast(F, TANH_P3));
        p = p.fma(x2, FloatVector.broadcast(F, TANH_P2));
        p = p.fma(x2, FloatVector.broadcast(F, TANH_P1));
        p = p.fma(x2, FloatVector.broadcast(F, TANH_P0));
        FloatVector small = x.mul(x2).fma(p, x);
        FloatVector e = expBelowOverflow(ax.mul(-2f), true);
        FloatVector large = FloatVector.broadcast(F, 1f).sub(e).div(e.add(1f));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        return large.blend(small, ax.compare(VectorOperators.LT, TANH_POLY_LIMIT));
    }

    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = expBelowOverflow(negativeAbs(x), true);
        FloatVector numerator = FloatVector.broadcast(F, 1f).blend(e, x.compare(VectorOperators.LT, 0f));
        return numerator.div(e.add(1f)); // x >= 0: 1/(1+e); x < 0: e/(1+e)
    }

    /** -|x| by setting the sign bit: one instruction where abs and neg are two. */
    private static FloatVector negativeAbs(FloatVector x) {
        return x.reinterpretAsInts().or(Integer.MIN_VALUE).reinterpretAsFloats();
    }

    /** max(x, 0) + log1p(exp(-|x|)), log1p by Goldberg's correction log(u) * e / (u - 1), u = 1 + e. */
    static FloatVector softplus(FloatVector x) {
        FloatVector e = expBelowOverflow(negativeAbs(x), true);      // in (0, 1]
        FloatVector u = e.add(1f);
        FloatVector log1p = log(u).mul(e.div(u.sub(1f))).blend(e, u.compare(VectorOperators.EQ, 1f));
        return x.max(0f).add(log1p);
    }

    /** sin(2 pi t) for t in [0, 2]: quarter-turn reduction to [-pi/4, pi/4], then Taylor series. */
    static FloatVector sin2Pi(FloatVector t) {
        FloatVector q = t.mul(4f).add(ROUND_MAGIC).sub(ROUND_MAGIC);   // nearest quarter turn
        IntVector quadrant = q.convert(VectorOperators.F2I, 0).reinterpretAsInts().and(3);
        FloatVector x = t.sub(q.mul(0.25f)).mul(TWO_PI);              // in [-pi/4, pi/4]
        FloatVector x2 = x.mul(x);
        FloatVector sin = FloatVector.broadcast(F, 1f / 362880f);
        sin = sin.fma(x2, FloatVector.broadcast(F, -1f / 5040f));
        sin = sin.fma(x2, FloatVector.broadcast(F, 1f / 120f));
        sin = sin.fma(x2, FloatVector.broadcast(F, -1f / 6f));
        sin = x.mul(x2).fma(sin, x);
        FloatVector cos = FloatVector.broadcast(F, -1f / 3628800f);
        cos = cos.fma(x2, FloatVector.broadcast(F, 1f / 40320f));
        cos = cos.fma(x2, FloatVector.broadcast(F, -1f / 720f));
        cos = cos.fma(x2, FloatVector.broadcast(F, 1f / 24f));
        cos = cos.fma(x2, FloatVector.broadcast(F, -0.5f));
        cos = x2.fma(cos, FloatVector.broadcast(F, 1f));
        // sin(x + q pi/2) = sin x, cos x, -sin x, -cos x for q = 0, 1, 2, 3
        FloatVector r = sin.blend(cos, quadrant.and(1).compare(VectorOperators.NE, 0).cast(F));
        return r.blend(r.neg(), quadrant.and(2).compare(VectorOperators.NE, 0).cast(F));
    }
}
