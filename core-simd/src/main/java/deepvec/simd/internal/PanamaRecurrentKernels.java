package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * {@link RecurrentKernels} on the Vector API. The nonlinearities run through the unary kernels
 * (sigmoid over the contiguous gate blocks, tanh over the cell) and the arithmetic between them
 * in short vector loops (full vectors, then the last one masked): a kernel that inlined several polynomial
 * sigmoids and tanhs into one loop would outgrow what the JIT compiles into vector
 * instructions, and fall back to allocating vector objects. Created by {@link PanamaKernels}
 * only when {@code jdk.incubator.vector} is readable.
 */
final class PanamaRecurrentKernels implements RecurrentKernels {

    private final UnaryKernels unary;
    private final BinaryKernels binary;

    PanamaRecurrentKernels(UnaryKernels unary, BinaryKernels binary) {
        this.unary = unary;
        this.binary = binary;
    }

    @Override
    public void lstmCell(float[] gates, int go, float[] cPrev, int cpo, float[] c, int co, float[] tanhC, int to, float[] h, int ho,
            int hidden) {
        unary.sigmoid(gates, go, gates, go, 2 * hidden);                                  // i and f, side by side
        unary.tanh(gates, go + 2 * hidden, gates, go + 2 * hidden, hidden);               // g
        unary.sigmoid(gates, go + 3 * hidden, gates, go + 3 * hidden, hidden);            // o
        cellUpdate(gates, go, cPrev, cpo, c, co, tanhC, to, h, ho, hidden);
    }

    /**
     * c = f c_prev + i g, tanh(c) and h = o tanh(c) in one pass over the activated gates (i, f,
     * g, o at offsets 0, H, 2H, 3H from {@code go}): one tanh in the loop, so it stays small
     * enough for C2 to keep in vector registers.
     */
    private static void cellUpdate(float[] gates, int go, float[] cPrev, int cpo, float[] c, int co, float[] tanhC, int to, float[] h,
            int ho, int hidden) {
        int f = go + hidden;
        int g = go + 2 * hidden;
        int o = go + 3 * hidden;
        int j = 0;
        for (int bound = F.loopBound(hidden); j < bound; j += FL) {
            FloatVector cv = FloatVector.fromArray(F, gates, go + j).fma(FloatVector.fromArray(F, gates, g + j),
                    FloatVector.fromArray(F, gates, f + j).mul(FloatVector.fromArray(F, cPrev, cpo + j)));
            cv.intoArray(c, co + j);
            FloatVector tv = VectorMath.tanh(cv);
            tv.intoArray(tanhC, to + j);
            FloatVector.fromArray(F, gates, o + j).mul(tv).intoArray(h, ho + j);
        }
        if (j < hidden) {
            VectorMask<Float> m = F.indexInRange(j, hidden);
            FloatVector cv = FloatVector.fromArray(F, gates, go + j, m).fma(FloatVector.fromArray(F, gates, g + j, m),
                    FloatVector.fromArray(F, gates, f + j, m).mul(FloatVector.fromArray(F, cPrev, cpo + j, m)));
            cv.intoArray(c, co + j, m);
            FloatVector tv = VectorMath.tanh(cv);
            tv.intoArray(tanhC, to + j, m);
            FloatVector.fromArray(F, gates, o + j, m).mul(tv).intoArray(h, ho + j, m);
        }
    }

    @Override
    public void lstmCellBackward(float[] gates, int go, float[] cPrev, int cpo, float[] tanhC, int to, float[] dh, int dho, float[] dc,
            int dco, float[] dGates, int dgo, int hidden) {
        int f = go + hidden;
        int g = go + 2 * hidden;
        int o = go + 3 * hidden;
        int j = 0;
        for (int bound = F.loopBound(hidden); j < bound; j += FL) {
            FloatVector dhv = FloatVector.fromArray(F, dh, dho + j);
            FloatVector tv = FloatVector.fromArray(F, tanhC, to + j);
            FloatVector ov = FloatVector.fromArray(F, gates, o + j);
            FloatVector iv = FloatVector.fromArray(F, gates, go + j);
            FloatVector fv = FloatVector.fromArray(F, gates, f + j);
            FloatVector gv = FloatVector.fromArray(F, gates, g + j);
            dhv.mul(tv).mul(ov.mul(ov.neg().add(1f))).intoArray(dGates, dgo + 3 * hidden + j);
            FloatVector dcv = FloatVector.fromArray(F, dc, dco + j).add(dhv.mul(ov).mul(tv.mul(tv).neg().add(1f)));
            dcv.mul(gv).mul(iv.mul(iv.neg().add(1f))).intoArray(dGates, dgo + j);
            dcv.mul(FloatVector.fromArray(F, cPrev, cpo + j)).mul(fv.mul(fv.neg().add(1f))).intoArray(dGates, dgo + hidden + j);
            dcv.mul(iv).mul(gv.mul(gv).neg().add(1f)).intoArray(dGates, dgo + 2 * hidden + j);
            dcv.mul(fv).intoArray(dc, dco + j);
        }
        if (j < hidden) {
            lstmCellBackwardTail(j, gates, go, cPrev, cpo, tanhC, to, dh, dho, dc, dco, dGates, dgo, hidden);
        }
    }

    /**
     * The masked last vector of {@link #lstmCellBackward}, in two methods of their own, with dc
     * passed through memory (the same float values): as one method, or inside the loop's, C1 ran
     * out of virtual registers, which leaves a method at a tier where the Vector API is not
     * intrinsified, and the 2-thread LSTM step allocated 55 MB of vector boxes
     * ({@code KernelCompilationTest} checks this).
     */
    private static void lstmCellBackwardTail(int j, float[] gates, int go, float[] cPrev, int cpo, float[] tanhC, int to, float[] dh,
            int dho, float[] dc, int dco, float[] dGates, int dgo, int hidden) {
        VectorMask<Float> m = F.indexInRange(j, hidden);
        FloatVector dhv = FloatVector.fromArray(F, dh, dho + j, m);
        FloatVector tv = FloatVector.fromArray(F, tanhC, to + j, m);
        FloatVector ov = FloatVector.fromArray(F, gates, go + 3 * hidden + j, m);
        dhv.mul(tv).mul(ov.mul(ov.neg().add(1f))).intoArray(dGates, dgo + 3 * hidden + j, m);
        FloatVector.fromArray(F, dc, dco + j, m).add(dhv.mul(ov).mul(tv.mul(tv).neg().add(1f))).intoArray(dc, dco + j, m);
        lstmCellBackwardTailGates(m, j, gates, go, cPrev, cpo, dc, dco, dGates, dgo, hidden);
    }

    /** The i, f and g gradients of the last vector, from dc with the output's share added, and dc f. */
    private static void lstmCellBackwardTailGates(VectorMask<Float> m, int j, float[] gates, int go, float[] cPrev, int cpo, float[] dc,
            int dco, float[] dGates, int dgo, int hidden) {
        FloatVector iv = FloatVector.fromArray(F, gates, go + j, m);
        FloatVector fv = FloatVector.fromArray(F, gates, go + hidden + j, m);
        FloatVector gv = FloatVector.fromArray(F, gates, go + 2 * hidden + j, m);
        FloatVector dcv = FloatVector.fromArray(F, dc, dco + j, m);
        dcv.mul(gv).mul(iv.mul(iv.neg().add(1f))).intoArray(dGates, dgo + j, m);
        dcv.mul(FloatVector.fromArray(F, cPrev, cpo + j, m)).mul(fv.mul(fv.neg().add(1f))).intoArray(dGates, dgo + hidden + j, m);
        dcv.mul(iv).mul(gv.mul(gv).neg().add(1f)).intoArray(dGates, dgo + 2 * hidden + j, m);
        dcv.mul(fv).intoArray(dc, dco + j, m);
    }

    /** out = d x s (1 - s): a sigmoid gate s's pre-activation gradient when it multiplies x. */
    private static void gateGradient(float[] d, int dOff, float[] x, int xOff, float[] s, int sOff, float[] out, int oOff, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += FL) {
            FloatVector sv = FloatVector.fromArray(F, s, sOff + j);
            FloatVector.fromArray(F, d, dOff + j).mul(FloatVector.fromArray(F, x, xOff + j)).mul(sv.mul(sv.neg().add(1f)))
                    .intoArray(out, oOff + j);
        }
        if (j < n) {
            VectorMask<Float> m = F.indexInRange(j, n);
            FloatVector sv = FloatVector.fromArray(F, s, sOff + j, m);
            FloatVector.fromArray(F, d, dOff + j, m).mul(FloatVector.fromArray(F, x, xOff + j, m)).mul(sv.mul(sv.neg().add(1f)))
                    .intoArray(out, oOff + j, m);
        }
    }

    @Override
    public void gruCell(float[] xg, int xo, float[] hg, int ho, float[] hPrev, int hpo, float[] h, int out, int hidden) {
        binary.add(xg, xo, hg, ho, xg, xo, 2 * hidden);                                   // r and z pre-activations
        unary.sigmoid(xg, xo, xg, xo, 2 * hidden);
        multiplyAdd(xg, xo, hg, ho + 2 * hidden, xg, xo + 2 * hidden, hidden);              // n's pre-activation += r hg_n
        unary.tanh(xg, xo + 2 * hidden, xg, xo + 2 * hidden, hidden);                    // n
        interpolate(xg, xo + hidden, xg, xo + 2 * hidden, hPrev, hpo, h, out, hidden);
    }

    /** acc += a b. */
    private static void multiplyAdd(float[] a, int aOff, float[] b, int bOff, float[] acc, int accOff, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += FL) {
            FloatVector.fromArray(F, a, aOff + j).fma(FloatVector.fromArray(F, b, bOff + j), FloatVector.fromArray(F, acc, accOff + j))
                    .intoArray(acc, accOff + j);
        }
        if (j < n) {
            VectorMask<Float> m = F.indexInRange(j, n);
            FloatVector.fromArray(F, a, aOff + j, m).fma(FloatVector.fromArray(F, b, bOff + j, m), FloatVector.fromArray(F, acc, accOff + j, m))
                    .intoArray(acc, accOff + j, m);
        }
    }

    /** out = (1 - z) n + z h. */
    private static void interpolate(float[] z, int zOff, float[] n, int nOff, float[] h, int hOff, float[] out, int oOff, int count) {
        int j = 0;
        for (int bound = F.loopBound(count); j < bound; j += FL) {
            FloatVector zv = FloatVector.fromArray(F, z, zOff + j);
            FloatVector nv = FloatVector.fromArray(F, n, nOff + j);
            zv.fma(FloatVector.fromArray(F, h, hOff + j).sub(nv), nv).intoArray(out, oOff + j);
        }
        if (j < count) {
            VectorMask<Float> m = F.indexInRange(j, count);
            FloatVector zv = FloatVector.fromArray(F, z, zOff + j, m);
            FloatVector nv = FloatVector.fromArray(F, n, nOff + j, m);
            zv.fma(FloatVector.fromArray(F, h, hOff + j, m).sub(nv), nv).intoArray(out, oOff + j, m);
        }
    }

    @Override
    public void gruCellBackward(float[] act, int ao, float[] hg, int ho, float[] hPrev, int hpo, float[] dh, int dho, float[] dX, int dxo,
            float[] dH, int dhgo, float[] dhPrev, int dpo, int hidden) {
        candidateGradient(dh, dho, act, ao + hidden, act, ao + 2 * hidden, dX, dxo + 2 * hidden, hidden);     // n
        updateGradient(dh, dho, hPrev, hpo, act, ao + 2 * hidden, act, ao + hidden, dX, dxo + hidden, hidden);  // z
        System.arraycopy(dX, dxo + hidden, dH, dhgo + hidden, hidden);
        binary.mul(dh, dho, act, ao + hidden, dhPrev, dpo, hidden);                                          // dh z
        gateGradient(dX, dxo + 2 * hidden, hg, ho + 2 * hidden, act, ao, dX, dxo, hidden);                   // r
        System.arraycopy(dX, dxo, dH, dhgo, hidden);
        binary.mul(dX, dxo + 2 * hidden, act, ao, dH, dhgo + 2 * hidden, hidden);                            // dn r
    }

    /** out = d (1 - z) (1 - n^2): the candidate's pre-activation gradient. */
    private static void candidateGradient(float[] d, int dOff, float[] z, int zOff, float[] n, int nOff, float[] out, int oOff, int count) {
        int j = 0;
        for (int bound = F.loopBound(count); j < bound; j += FL) {
            FloatVector nv = FloatVector.fromArray(F, n, nOff + j);
            FloatVector.fromArray(F, d, dOff + j).mul(FloatVector.fromArray(F, z, zOff + j).neg().add(1f))
                    .mul(nv.mul(nv).neg().add(1f)).intoArray(out, oOff + j);
        }
        if (j < count) {
            VectorMask<Float> m = F.indexInRange(j, count);
            FloatVector nv = FloatVector.fromArray(F, n, nOff + j, m);
            FloatVector.fromArray(F, d, dOff + j, m).mul(FloatVector.fromArray(F, z, zOff + j, m).neg().add(1f))
                    .mul(nv.mul(nv).neg().add(1f)).intoArray(out, oOff + j, m);
        }
    }

    /** out = d (hPrev - n) z (1 - z): the update gate's pre-activation gradient. */
    private static void updateGradient(float[] d, int dOff, float[] hPrev, int hOff, float[] n, int nOff, float[] z, int zOff, float[] out,
            int oOff, int count) {
        int j = 0;
        for (int bound = F.loopBound(count); j < bound; j += FL) {
            FloatVector zv = FloatVector.fromArray(F, z, zOff + j);
            FloatVector.fromArray(F, d, dOff + j).mul(FloatVector.fromArray(F, hPrev, hOff + j).sub(FloatVector.fromArray(F, n, nOff + j)))
                    .mul(zv.mul(zv.neg().add(1f))).intoArray(out, oOff + j);
        }
        if (j < count) {
            VectorMask<Float> m = F.indexInRange(j, count);
            FloatVector zv = FloatVector.fromArray(F, z, zOff + j, m);
            FloatVector.fromArray(F, d, dOff + j, m).mul(FloatVector.fromArray(F, hPrev, hOff + j, m).sub(FloatVector.fromArray(F, n, nOff + j, m)))
                    .mul(zv.mul(zv.neg().add(1f))).intoArray(out, oOff + j, m);
        }
    }

    @Override
    public void tanhBackward(float[] h, int ho, float[] dh, int dho, float[] da, int dao, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += FL) {
            FloatVector v = FloatVector.fromArray(F, h, ho + j);
            FloatVector.fromArray(F, dh, dho + j).mul(v.mul(v).neg().add(1f)).intoArray(da, dao + j);
        }
        if (j < n) {
            VectorMask<Float> m = F.indexInRange(j, n);
            FloatVector v = FloatVector.fromArray(F, h, ho + j, m);
            FloatVector.fromArray(F, dh, dho + j, m).mul(v.mul(v).neg().add(1f)).intoArray(da, dao + j, m);
        }
    }
}
