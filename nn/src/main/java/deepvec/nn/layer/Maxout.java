package deepvec.nn.layer;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.simd.random.Rng;
import java.util.Map;

/**
 * Maxout units (Deep Learning section 6.3.1, eq. 6.37): an affine map to {@code out * k} values
 * z, then each output is the maximum of its own group of k, {@code h_i = max_{j in G(i)} z_j}.
 * A maxout unit learns a piecewise-linear convex function with up to k pieces.
 */
public final class Maxout implements Layer {

    private final Linear affine;
    private final int pieces;

    /**
     * @param pieces k, the number of linear pieces per unit (at least 2)
     */
    public Maxout(int in, int out, int pieces, Rng rng) {
        if (pieces < 2) {
            throw new IllegalArgumentException("maxout needs at least 2 pieces per unit, got " + pieces);
        }
        this.affine = new Linear(in, out * pieces, rng);
        this.pieces = pieces;
    }

    @Override
    public Variable forward(Variable input) {
        return Ops.groupMax(affine.forward(input), pieces);
    }

    @Override
    public LayerConfig config() {
        int in = affine.inputs();
        return LayerConfig.of("maxout", "in", in, "out", affine.outputs() / pieces, "pieces", pieces);
    }

    @Override
    public Map<String, Variable> localParameters() {
        return affine.localParameters();
    }
}
