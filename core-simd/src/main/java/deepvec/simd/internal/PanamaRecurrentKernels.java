package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * {@link RecurrentKernels} on the Vector API. The nonlinearities run through the unary kernels
 * (sigmoid over the contiguous gate blocks, tanh over the cell) and the arithmetic between them
 * in short vector loops, the last vector masked: a kernel that inlined several polynomial
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
        binary.mul(gates, go + hidden, cPrev, cpo, c, co, hidden);                         // c = f c_prev
        multiplyAdd(gates, go, gates, go + 2 * hidden, c, co, hidden);                    //     + i g
        unary.tanh(c, co, tanhC, to, hidden);
        binary.mul(gates, go + 3 * hidden, tanhC, to, h, ho, hidden);
    }

    @Override
    public void lstmCellBackward(float[] gates, int go, float[] cPrev, int cpo, float[] tanhC, int to, float[] dh, int dho, float[] dc,
            int dco, float[] dGates, int dgo, int hidden) {
        for (int j = 0; j < hidden; j += FL) {     // one pass: no transcendentals, so all of it stays in vector registers
            VectorMask<Float> m = F.indexInRange(j, hidden);
            FloatVector i = FloatVector.fromArray(F, gates, go + j, m);
            FloatVector f = FloatVector.fromArray(F, gates, go + hidden + j, m);
            FloatVector g = FloatVector.fromArray(F, gates, go + 2 * hidden + j, m);
            FloatVector o = FloatVector.fromArray(F, gates, go + 3 * hidden + j, m);
            FloatVector t = FloatVector.fromArray(F, tanhC, to + j, m);
            FloatVector d = FloatVector.fromArray(F, dh, dho + j, m);
            d.mul(t).mul(o.mul(o.neg().add(1f))).intoArray(dGates, dgo + 3 * hidden + j, m);                  // o: dh t o (1 - o)
            FloatVector c = FloatVector.fromArray(F, dc, dco + j, m).add(d.mul(o).mul(t.mul(t).neg().add(1f)));  // dc += dh o (1 - t^2)
            c.mul(g).mul(i.mul(i.neg().add(1f))).intoArray(dGates, dgo + j, m);                               // i: dc g i (1 - i)
            c.mul(FloatVector.fromArray(F, cPrev, cpo + j, m)).mul(f.mul(f.neg().add(1f)))
                    .intoArray(dGates, dgo + hidden + j, m);                                                    // f: dc c_prev f (1 - f)
            c.mul(i).mul(g.mul(g).neg().add(1f)).intoArray(dGates, dgo + 2 * hidden + j, m);                  // g: dc i (1 - g^2)
            c.mul(f).intoArray(dc, dco + j, m);                                                                // dc_prev = dc f
        }
    }

    /** out = d x s (1 - s): a sigmoid gate s's pre-activation gradient when it multiplies x. */
    private static void gateGradient(float[] d, int dOff, float[] x, int xOff, float[] s, int sOff, float[] out, int oOff, int n) {
        for (int j = 0; j < n; j += FL) {
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
        for (int j = 0; j < n; j += FL) {
            VectorMask<Float> m = F.indexInRange(j, n);
            FloatVector.fromArray(F, a, aOff + j, m).fma(FloatVector.fromArray(F, b, bOff + j, m), FloatVector.fromArray(F, acc, accOff + j, m))
                    .intoArray(acc, accOff + j, m);
        }
    }

    /** out = (1 - z) n + z h. */
    private static void interpolate(float[] z, int zOff, float[] n, int nOff, float[] h, int hOff, float[] out, int oOff, int count) {
        for (int j = 0; j < count; j += FL) {
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
        for (int j = 0; j < count; j += FL) {
            VectorMask<Float> m = F.indexInRange(j, count);
            FloatVector nv = FloatVector.fromArray(F, n, nOff + j, m);
            FloatVector.fromArray(F, d, dOff + j, m).mul(FloatVector.fromArray(F, z, zOff + j, m).neg().add(1f))
                    .mul(nv.mul(nv).neg().add(1f)).intoArray(out, oOff + j, m);
        }
    }

    /** out = d (hPrev - n) z (1 - z): the update gate's pre-activation gradient. */
    private static void updateGradient(float[] d, int dOff, float[] hPrev, int hOff, float[] n, int nOff, float[] z, int zOff, float[] out,
            int oOff, int count) {
        for (int j = 0; j < count; j += FL) {
            VectorMask<Float> m = F.indexInRange(j, count);
            FloatVector zv = FloatVector.fromArray(F, z, zOff + j, m);
            FloatVector.fromArray(F, d, dOff + j, m).mul(FloatVector.fromArray(F, hPrev, hOff + j, m).sub(FloatVector.fromArray(F, n, nOff + j, m)))
                    .mul(zv.mul(zv.neg().add(1f))).intoArray(out, oOff + j, m);
        }
    }

    @Override
    public void tanhBackward(float[] h, int ho, float[] dh, int dho, float[] da, int dao, int n) {
        for (int j = 0; j < n; j += FL) {
            VectorMask<Float> m = F.indexInRange(j, n);
            FloatVector v = FloatVector.fromArray(F, h, ho + j, m);
            FloatVector.fromArray(F, dh, dho + j, m).mul(v.mul(v).neg().add(1f)).intoArray(da, dao + j, m);
        }
    }
}
