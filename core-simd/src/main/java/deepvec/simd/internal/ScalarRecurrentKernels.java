package deepvec.simd.internal;

/** {@link RecurrentKernels} as plain loops, in double where it costs nothing: the reference the vector kernels are checked against. */
public final class ScalarRecurrentKernels implements RecurrentKernels {

    @Override
    public void lstmCell(float[] gates, int go, float[] cPrev, int cpo, float[] c, int co, float[] tanhC, int to, float[] h, int ho,
            int hidden) {
        for (int j = 0; j < hidden; j++) {
            float i = sigmoid(gates[go + j]);
            float f = sigmoid(gates[go + hidden + j]);
            float g = (float) Math.tanh(gates[go + 2 * hidden + j]);
            float o = sigmoid(gates[go + 3 * hidden + j]);
            float cell = f * cPrev[cpo + j] + i * g;
            float t = (float) Math.tanh(cell);
            gates[go + j] = i;
            gates[go + hidden + j] = f;
            gates[go + 2 * hidden + j] = g;
            gates[go + 3 * hidden + j] = o;
            c[co + j] = cell;
            tanhC[to + j] = t;
            h[ho + j] = o * t;
        }
    }

    @Override
    public void lstmCellBackward(float[] gates, int go, float[] cPrev, int cpo, float[] tanhC, int to, float[] dh, int dho, float[] dc,
            int dco, float[] dGates, int dgo, int hidden) {
        for (int j = 0; j < hidden; j++) {
            float i = gates[go + j];
            float f = gates[go + hidden + j];
            float g = gates[go + 2 * hidden + j];
            float o = gates[go + 3 * hidden + j];
            float t = tanhC[to + j];
            float d = dh[dho + j];
            float cell = dc[dco + j] + d * o * (1 - t * t);
            dGates[dgo + j] = cell * g * i * (1 - i);
            dGates[dgo + hidden + j] = cell * cPrev[cpo + j] * f * (1 - f);
            dGates[dgo + 2 * hidden + j] = cell * i * (1 - g * g);
            dGates[dgo + 3 * hidden + j] = d * t * o * (1 - o);
            dc[dco + j] = cell * f;
        }
    }

    @Override
    public void gruCell(float[] xg, int xo, float[] hg, int ho, float[] hPrev, int hpo, float[] h, int out, int hidden) {
        for (int j = 0; j < hidden; j++) {
            float r = sigmoid(xg[xo + j] + hg[ho + j]);
            float z = sigmoid(xg[xo + hidden + j] + hg[ho + hidden + j]);
            float n = (float) Math.tanh(xg[xo + 2 * hidden + j] + r * hg[ho + 2 * hidden + j]);
            xg[xo + j] = r;
            xg[xo + hidden + j] = z;
            xg[xo + 2 * hidden + j] = n;
            h[out + j] = (1 - z) * n + z * hPrev[hpo + j];
        }
    }

    @Override
    public void gruCellBackward(float[] act, int ao, float[] hg, int ho, float[] hPrev, int hpo, float[] dh, int dho, float[] dX, int dxo,
            float[] dH, int dhgo, float[] dhPrev, int dpo, int hidden) {
        for (int j = 0; j < hidden; j++) {
            float r = act[ao + j];
            float z = act[ao + hidden + j];
            float n = act[ao + 2 * hidden + j];
            float d = dh[dho + j];
            float dn = d * (1 - z) * (1 - n * n);
            float dr = dn * hg[ho + 2 * hidden + j] * r * (1 - r);
            float dz = d * (hPrev[hpo + j] - n) * z * (1 - z);
            dX[dxo + j] = dr;
            dX[dxo + hidden + j] = dz;
            dX[dxo + 2 * hidden + j] = dn;
            dH[dhgo + j] = dr;
            dH[dhgo + hidden + j] = dz;
            dH[dhgo + 2 * hidden + j] = dn * r;
            dhPrev[dpo + j] = d * z;
        }
    }

    @Override
    public void tanhBackward(float[] h, int ho, float[] dh, int dho, float[] da, int dao, int n) {
        for (int j = 0; j < n; j++) {
            float v = h[ho + j];
            da[dao + j] = dh[dho + j] * (1 - v * v);
        }
    }

    private static float sigmoid(float x) {
        return (float) ScalarUnaryKernels.sigmoid(x);
    }
}
