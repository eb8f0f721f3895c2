package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link UpdateKernels} on the Vector API: whole vectors, then one masked vector for the tail, so
 * every length takes the same arithmetic path. Created by {@link PanamaKernels} only when
 * {@code jdk.incubator.vector} is readable.
 */
final class PanamaUpdateKernels implements UpdateKernels {

    @Override
    public void adam(float[] theta, float[] g, float[] s, float[] r, int from, int to, float rho1, float rho2, float eps, float c1,
            float c2, float delta) {
        float a1 = 1 - rho1;
        float a2 = 1 - rho2;
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += FL) {
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
        ScalarUpdateKernels.adamRange(theta, g, s, r, i, to, rho1, rho2, eps, c1, c2, delta);   // the same operations in the same order
    }
}
