package deepvec.plugin.layers.extra;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.simd.Tensor;

/**
 * The Gaussian error linear unit (Hendrycks and Gimpel 2016), elementwise:
 * {@code gelu(x) = x Phi(x)}, with Phi the standard normal CDF, and
 * {@code gelu'(x) = Phi(x) + x phi(x)}; the exact form, as PyTorch's {@code nn.GELU()}. Any shape.
 */
public final class Gelu implements Layer {

    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    @Override
    public Variable forward(Variable input) {
        Tensor x = input.value().contiguous();
        float[] in = x.data();
        int offset = x.offset();
        int n = x.size();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double v = in[offset + i];
            out[i] = (float) (v * cdf(v));
        }
        return Ops.define("gelu", Tensor.of(out, x.shape()), g -> {
            Tensor grad = g.contiguous();
            float[] dy = grad.data();
            float[] dx = new float[n];
            for (int i = 0; i < n; i++) {
                double v = in[offset + i];
                dx[i] = (float) (dy[grad.offset() + i] * (cdf(v) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v)));
            }
            return new Tensor[] {Tensor.of(dx, x.shape())};
        }, input);
    }

    /** Phi(x) = (1 + erf(x / sqrt 2)) / 2. */
    static double cdf(double x) {
        return 0.5 * (1 + Erf.erf(x * INV_SQRT2));
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of(GeluProvider.TYPE);
    }
}
