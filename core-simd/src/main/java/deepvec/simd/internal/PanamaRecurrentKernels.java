package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * {@link RecurrentKernels} on the Vector API: one pass over the hidden units in vectors of FL
 * lanes, the last one masked, with the polynomial sigmoid and tanh of {@link VectorMath}.
 * Created by {@link PanamaKernels} only when {@code jdk.incubator.vector} is readable.
 */
final class PanamaRecurrentKernels implements RecurrentKernels {

    @Override
    public void lstmCell(float[] gates, int go, float[] cPrev, int cpo, float[] c, int co, float[] tanhC, int to, float[] h, int ho,
            int hidden) {
        for (int j = 0; j < hidden; j += FL) {
            VectorMask<Float> m = F.indexInRange(j, hidden);
            FloatVector i = VectorMath.sigmoid(FloatVector.fromArray(F, gates, go + j, m));
            FloatVector f = VectorMath.sigmoid(FloatVector.fromArray(F, gates, go + hidden + j, m));
            FloatVector g = VectorMath.tanh(FloatVector.fromArray(F, gates, go + 2 * hidden + j, m));
            FloatVector o = VectorMath.sigmoid(FloatVector.fromArray(F, gates, go + 3 * hidden + j, m));
            FloatVector cell = f.mul(FloatVector.fromArray(F, cPrev, cpo + j, m)).add(i.mul(g));
            FloatVector t = VectorMath.tanh(cell);
            i.intoArray(gates, go + j, m);
            f.intoArray(gates, go + hidden + j, m);
            g.intoArray(gates, go + 2 * hidden + j, m);
            o.intoArray(gates, go + 3 * hidden + j, m);
            cell.intoArray(c, co + j, m);
            t.intoArray(tanhC, to + j, m);
            o.mul(t).intoArray(h, ho + j, m);
        }
    }

    @Override
    public void lstmCellBackward(float[] gates, int go, float[] cPrev, int cpo, float[] tanhC, int to, float[] dh, int dho, float[] dc,
            int dco, float[] dGates, int dgo, int hidden) {
        for (int j = 0; j < hidden; j += FL) {
            VectorMask<Float> m = F.indexInRange(j, hidden);
            FloatVector i = FloatVector.fromArray(F, gates, go + j, m);
            FloatVector f = FloatVector.fromArray(F, gates, go + hidden + j, m);
            FloatVector g = FloatVector.fromArray(F, gates, go + 2 * hidden + j, m);
            FloatVector o = FloatVector.fromArray(F, gates, go + 3 * hidden + j, m);
            FloatVector t = FloatVector.fromArray(F, tanhC, to + j, m);
            FloatVector d = FloatVector.fromArray(F, dh, dho + j, m);
            FloatVector cell = FloatVector.fromArray(F, dc, dco + j, m).add(d.mul(o).mul(t.mul(t).neg().add(1f)));
            cell.mul(g).mul(i).mul(i.neg().add(1f)).intoArray(dGates, dgo + j, m);
            cell.mul(FloatVector.fromArray(F, cPrev, cpo + j, m)).mul(f).mul(f.neg().add(1f)).intoArray(dGates, dgo + hidden + j, m);
            cell.mul(i).mul(g.mul(g).neg().add(1f)).intoArray(dGates, dgo + 2 * hidden + j, m);
            d.mul(t).mul(o).mul(o.neg().add(1f)).intoArray(dGates, dgo + 3 * hidden + j, m);
            cell.mul(f).intoArray(dc, dco + j, m);
        }
    }

    @Override
    public void gruCell(float[] xg, int xo, float[] hg, int ho, float[] hPrev, int hpo, float[] h, int out, int hidden) {
        for (int j = 0; j < hidden; j += FL) {
            VectorMask<Float> m = F.indexInRange(j, hidden);
            FloatVector r = VectorMath.sigmoid(FloatVector.fromArray(F, xg, xo + j, m).add(FloatVector.fromArray(F, hg, ho + j, m)));
            FloatVector z = VectorMath.sigmoid(FloatVector.fromArray(F, xg, xo + hidden + j, m)
                    .add(FloatVector.fromArray(F, hg, ho + hidden + j, m)));
            FloatVector n = VectorMath.tanh(FloatVector.fromArray(F, xg, xo + 2 * hidden + j, m)
                    .add(r.mul(FloatVector.fromArray(F, hg, ho + 2 * hidden + j, m))));
            r.intoArray(xg, xo + j, m);
            z.intoArray(xg, xo + hidden + j, m);
            n.intoArray(xg, xo + 2 * hidden + j, m);
            z.neg().add(1f).mul(n).add(z.mul(FloatVector.fromArray(F, hPrev, hpo + j, m))).intoArray(h, out + j, m);
        }
    }

    @Override
    public void gruCellBackward(float[] act, int ao, float[] hg, int ho, float[] hPrev, int hpo, float[] dh, int dho, float[] dX, int dxo,
            float[] dH, int dhgo, float[] dhPrev, int dpo, int hidden) {
        for (int j = 0; j < hidden; j += FL) {
            VectorMask<Float> m = F.indexInRange(j, hidden);
            FloatVector r = FloatVector.fromArray(F, act, ao + j, m);
            FloatVector z = FloatVector.fromArray(F, act, ao + hidden + j, m);
            FloatVector n = FloatVector.fromArray(F, act, ao + 2 * hidden + j, m);
            FloatVector d = FloatVector.fromArray(F, dh, dho + j, m);
            FloatVector dn = d.mul(z.neg().add(1f)).mul(n.mul(n).neg().add(1f));
            FloatVector dr = dn.mul(FloatVector.fromArray(F, hg, ho + 2 * hidden + j, m)).mul(r).mul(r.neg().add(1f));
            FloatVector dz = d.mul(FloatVector.fromArray(F, hPrev, hpo + j, m).sub(n)).mul(z).mul(z.neg().add(1f));
            dr.intoArray(dX, dxo + j, m);
            dz.intoArray(dX, dxo + hidden + j, m);
            dn.intoArray(dX, dxo + 2 * hidden + j, m);
            dr.intoArray(dH, dhgo + j, m);
            dz.intoArray(dH, dhgo + hidden + j, m);
            dn.mul(r).intoArray(dH, dhgo + 2 * hidden + j, m);
            d.mul(z).intoArray(dhPrev, dpo + j, m);
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
