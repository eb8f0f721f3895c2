package deepvec.simd.internal;

/**
 * The pointwise part of one time step of the gated recurrent cells (Deep Learning section
 * 10.10), for one example: everything between the GEMMs, fused in one pass over the hidden
 * units. Gate layouts follow PyTorch's {@code nn.LSTM} (i, f, g, o) and {@code nn.GRU}
 * (r, z, n), each gate a block of {@code hidden} values.
 *
 * <p>{@link ScalarRecurrentKernels} is the reference and the fallback; {@code PanamaRecurrentKernels}
 * runs on the Vector API.
 */
public interface RecurrentKernels {

    /**
     * LSTM step (eqs. 10.40-10.44): from the gate pre-activations a [4H] (input and recurrent
     * projections and biases summed), {@code i = s(a_i)}, {@code f = s(a_f)}, {@code g = tanh(a_g)},
     * {@code o = s(a_o)}, {@code c = f c_prev + i g}, {@code h = o tanh(c)}. The activated gates
     * replace a; tanh(c) is kept for the backward pass.
     */
    void lstmCell(float[] gates, int go, float[] cPrev, int cpo, float[] c, int co, float[] tanhC, int to, float[] h, int ho,
            int hidden);

    /**
     * Back-propagates one LSTM step: from dh [H] and dc [H] (the gradient reaching c from the
     * next step), writes the gradient of the gate pre-activations into dGates [4H] and replaces
     * dc by the gradient of c_prev.
     */
    void lstmCellBackward(float[] gates, int go, float[] cPrev, int cpo, float[] tanhC, int to, float[] dh, int dho, float[] dc,
            int dco, float[] dGates, int dgo, int hidden);

    /**
     * GRU step (eqs. 10.45-10.46 in PyTorch's form): from x-projections xg [3H] and recurrent
     * projections hg [3H] (biases included), {@code r = s(xg_r + hg_r)}, {@code z = s(xg_z + hg_z)},
     * {@code n = tanh(xg_n + r hg_n)}, {@code h = (1 - z) n + z h_prev}. The activated r, z, n
     * replace xg; hg is left as it is (its n block is needed backward).
     */
    void gruCell(float[] xg, int xo, float[] hg, int ho, float[] hPrev, int hpo, float[] h, int out, int hidden);

    /**
     * Back-propagates one GRU step: from dh [H], writes the gradients of the x-projections dX
     * [3H] and of the recurrent projections dH [3H], and the direct part of the gradient of
     * h_prev, {@code dh z}, into dhPrev [H] (the part through hg follows by a GEMM).
     */
    void gruCellBackward(float[] act, int ao, float[] hg, int ho, float[] hPrev, int hpo, float[] dh, int dho, float[] dX, int dxo,
            float[] dH, int dhgo, float[] dhPrev, int dpo, int hidden);

    /** The tanh unit's backward pass: {@code da = dh (1 - h^2)} over n values. */
    void tanhBackward(float[] h, int ho, float[] dh, int dho, float[] da, int dao, int n);
}
