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
        for (int j = 0; j < hidden; j += FL) {
            VectorMask<Float> m = F.indexInRange(j, hidden);
            FloatVector i = FloatVector.fromArray(F, gates, go + j, m);
            FloatVector f = FloatVector.fromArray(F, gates, go + hidden + j, m);
            FloatVector g = FloatVector.fromArray(F, gates, go + 2 * hidden + j, m);
            f.mul(FloatVector.fromArray(F, cPrev, cpo + j, m)).add(i.mul(g)).intoArray(c, co + j, m);
        }
        unary.tanh(c, co, tanhC, to, hidden);
        binary.mul(gates, go + 3 * hidden, tanhC, to, h, ho, hidden);
    }

    @Override
    public void lstmCellBackward(float[] gates, int go, float[] cPrev, int cpo, float[] tanhC, int to, float[] dh, int dho, float[] dc,
            int dco, float[] dGates, int dgo, int hidden) {
        for (int j = 0; j < hidden; j += FL) {           // the output gate, and the gradient reaching the cell (left in dc)
            VectorMask<Float> m = F.indexInRange(j, hidden);
            FloatVector o = FloatVector.fromArray(F, gates, go + 3 * hidden + j, m);
            FloatVector t = FloatVector.fromArray(F, tanhC, to + j, m);
            FloatVector d = FloatVector.fromArray(F, dh, dho + j, m);
            d.mul(t).mul(o).mul(o.neg().add(1f)).intoArray(dGates, dgo + 3 * hidden + j, m);
            FloatVector.fromArray(F, dc, dco + j, m).add(d.mul(o).mul(t.mul(t).neg().add(1f))).intoArray(dc, dco + j, m);
        }
        for (int j = 0; j < hidden; j += FL) {           // the input, forget and candidate gates, and the previous cell
            VectorMask<Float> m = F.indexInRange(j, hidden);
            FloatVector i = FloatVector.fromArray(F, gates, go + j, m);
            FloatVector f = FloatVector.fromArray(F, gates, go + hidden + j, m);
            FloatVector g = FloatVector.fromArray(F, gates, go + 2 * hidden + j, m);
            FloatVector cell = FloatVector.fromArray(F, dc, dco + j, m);
            cell.mul(g).mul(i).mul(i.neg().add(1f)).intoArray(dGates, dgo + j, m);
            cell.mul(FloatVector.fromArray(F, cPrev, cpo + j, m)).mul(f).mul(f.neg().add(1f)).intoArray(dGates, dgo + hidden + j, m);
            cell.mul(i).mul(g.mul(g).neg().add(1f)).intoArray(dGates, dgo + 2 * hidden + j, m);
            cell.mul(f).intoArray(dc, dco + j, m);
        }
    }

    @Override
    public void gruCell(float[] xg, int xo, float[] hg, int ho, float[] hPrev, int hpo, float[] h, int out, int hidden) {
        binary.add(xg, xo, hg, ho, xg, xo, 2 * hidden);                                   // r and z pre-activations
        unary.sigmoid(xg, xo, xg, xo, 2 * hidden);
        for (int j = 0; j < hidden; j += FL) {
            VectorMask<Float> m = F.indexInRange(j, hidden);
            FloatVector r = FloatVector.fromArray(F, xg, xo + j, m);
            FloatVector.fromArray(F, xg, xo + 2 * hidden + j, m).add(r.mul(FloatVector.fromArray(F, hg, ho + 2 * hidden + j, m)))
                    .intoArray(xg, xo + 2 * hidden + j, m);
        }
        unary.tanh(xg, xo + 2 * hidden, xg, xo + 2 * hidden, hidden);                    // n
        for (int j = 0; j < hidden; j += FL) {
            VectorMask<Float> m = F.indexInRange(j, hidden);
            FloatVector z = FloatVector.fromArray(F, xg, xo + hidden + j, m);
            FloatVector n = FloatVector.fromArray(F, xg, xo + 2 * hidden + j, m);
            z.neg().add(1f).mul(n).add(z.mul(FloatVector.fromArray(F, hPrev, hpo + j, m))).intoArray(h, out + j, m);
        }
    }

    @Override
    public void gruCellBackward(float[] act, int ao, float[] hg, int ho, float[] hPrev, int hpo, float[] dh, int dho, float[] dX, int dxo,
            float[] dH, int dhgo, float[] dhPrev, int dpo, int hidden) {
        for (int j = 0; j < hidden; j += FL) {           // the candidate n and the update gate z
            VectorMask<Float> m = F.indexInRange(j, hidden);
            FloatVector z = FloatVector.fromArray(F, act, ao + hidden + j, m);
            FloatVector n = FloatVector.fromArray(F, act, ao + 2 * hidden + j, m);
            FloatVector d = FloatVector.fromArray(F, dh, dho + j, m);
            d.mul(z.neg().add(1f)).mul(n.mul(n).neg().add(1f)).intoArray(dX, dxo + 2 * hidden + j, m);
            FloatVector dz = d.mul(FloatVector.fromArray(F, hPrev, hpo + j, m).sub(n)).mul(z).mul(z.neg().add(1f));
            dz.intoArray(dX, dxo + hidden + j, m);
            dz.intoArray(dH, dhgo + hidden + j, m);
            d.mul(z).intoArray(dhPrev, dpo + j, m);
        }
        for (int j = 0; j < hidden; j += FL) {           // the reset gate r, through n
            VectorMask<Float> m = F.indexInRange(j, hidden);
            FloatVector r = FloatVector.fromArray(F, act, ao + j, m);
            FloatVector dn = FloatVector.fromArray(F, dX, dxo + 2 * hidden + j, m);
            FloatVector dr = dn.mul(FloatVector.fromArray(F, hg, ho + 2 * hidden + j, m)).mul(r).mul(r.neg().add(1f));
            dr.intoArray(dX, dxo + j, m);
            dr.intoArray(dH, dhgo + j, m);
            dn.mul(r).intoArray(dH, dhgo + 2 * hidden + j, m);
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
