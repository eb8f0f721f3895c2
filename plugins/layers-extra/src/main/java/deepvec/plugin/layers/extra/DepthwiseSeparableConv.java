package deepvec.plugin.layers.extra;

import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Conv2d;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.simd.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Depthwise-separable convolution (Chollet 2017; MobileNet): a depthwise k x k convolution that
 * filters each input channel on its own (groups = channels), then a pointwise 1 x 1 convolution
 * that mixes channels. {@code [B, in, H, W] -> [B, out, H', W']} with
 * {@code in k^2 + in + in out + out} parameters instead of a full convolution's
 * {@code in out k^2 + out}: the factorisation of section 9.5's kernels into cheaper ones.
 */
public final class DepthwiseSeparableConv implements Layer {

    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Conv2d depthwise;
    private final Conv2d pointwise;

    public DepthwiseSeparableConv(int in, int out, int kernel, int stride, int padding, Rng rng) {
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        Conv2d.Shape square = Conv2d.Shape.square(kernel, stride, padding);
        this.depthwise = new Conv2d(in, in, new Conv2d.Shape(square.kernel(), square.stride(), square.padding(), square.dilation(), in),
                true, rng);
        this.pointwise = new Conv2d(in, out, Conv2d.Shape.square(1, 1, 0), true, rng);
    }

    @Override
    public Variable forward(Variable input) {
        return pointwise.forward(depthwise.forward(input));
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of(DepthwiseSeparableConvProvider.TYPE, "in", in, "out", out, "kernel", kernel, "stride", stride,
                "padding", padding);
    }

    @Override
    public Map<String, Layer> children() {
        Map<String, Layer> children = new LinkedHashMap<>();
        children.put("depthwise", depthwise);
        children.put("pointwise", pointwise);
        return children;
    }
}
