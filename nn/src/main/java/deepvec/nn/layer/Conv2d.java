package deepvec.nn.layer;

import deepvec.nn.autograd.ImageOps;
import deepvec.nn.autograd.Variable;
import deepvec.nn.init.Initializers;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A convolutional layer (Deep Learning section 9.1-9.5): x [N, in, H, W] -> [N, out, outH, outW]
 * by cross-correlation with a learned kernel [out, in/groups, kH, kW] and a bias per output
 * channel, with stride, zero padding, dilation and channel groups. Each output position shares
 * the kernel (parameter sharing) and sees only its receptive field (sparse interactions).
 * Weights start by normalized (Glorot) initialisation over the receptive field (eq. 8.23:
 * fan-in in/groups kH kW, fan-out out/groups kH kW), biases at zero. Followed by a ReLU in a
 * {@link Sequential}, it runs as one op with the ReLU in the convolution's epilogue.
 */
public final class Conv2d implements Layer, Rectifiable {

    /** Kernel, stride, padding and dilation as {height, width}, and the channel groups. */
    public record Shape(int[] kernel, int[] stride, int[] padding, int[] dilation, int groups) {

        /** A square kernel with the given stride and padding, no dilation, one group. */
        public static Shape square(int kernel, int stride, int padding) {
            return new Shape(new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding},
                    new int[] {1, 1}, 1);
        }
    }

    private final int inChannels;
    private final Shape shape;
    private final Variable weight;
    private final Variable bias;

    /**
     * @param bias whether the layer has a bias (a following batch normalisation makes it redundant)
     * @throws IllegalArgumentException if the channels do not split into the groups
     */
    public Conv2d(int inChannels, int outChannels, Shape shape, boolean bias, Rng rng) {
        if (inChannels < 1 || outChannels < 1 || shape.groups() < 1 || inChannels % shape.groups() != 0
                || outChannels % shape.groups() != 0) {
            throw new IllegalArgumentException("conv2d: " + inChannels + " -> " + outChannels + " channels in " + shape.groups()
                    + " groups; expected positive channel counts that are multiples of the groups");
        }
        this.inChannels = inChannels;
        this.shape = shape;
        int taps = shape.kernel()[0] * shape.kernel()[1];
        int fanIn = inChannels / shape.groups() * taps;
        int fanOut = outChannels / shape.groups() * taps;
        Tensor w = Initializers.glorotUniform(rng, fanIn, fanOut, outChannels, inChannels / shape.groups(),
                shape.kernel()[0], shape.kernel()[1]);
        this.weight = Variable.parameter(w);
        this.bias = bias ? Variable.parameter(Tensor.zeros(outChannels)) : null;
    }

    @Override
    public Variable forward(Variable input) {
        return ImageOps.conv2d(input, weight, bias, shape.stride(), shape.padding(), shape.dilation(), shape.groups());
    }

    @Override
    public Variable forwardRectified(Variable input) {
        return ImageOps.conv2dRelu(input, weight, bias, shape.stride(), shape.padding(), shape.dilation(), shape.groups());
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("conv2d", "in", inChannels, "out", weight.value().dim(0),
                "kernel_h", shape.kernel()[0], "kernel_w", shape.kernel()[1], "stride_h", shape.stride()[0],
                "stride_w", shape.stride()[1], "pad_h", shape.padding()[0], "pad_w", shape.padding()[1],
                "dilation_h", shape.dilation()[0], "dilation_w", shape.dilation()[1], "groups", shape.groups(),
                "bias", bias != null);
    }

    /** The layer a {@link #config()} describes, freshly initialised. */
    static Conv2d fromConfig(LayerConfig c, Rng rng) {
        Shape shape = new Shape(new int[] {c.intSetting("kernel_h"), c.intSetting("kernel_w")},
                new int[] {c.intSetting("stride_h"), c.intSetting("stride_w")},
                new int[] {c.intSetting("pad_h"), c.intSetting("pad_w")},
                new int[] {c.intSetting("dilation_h"), c.intSetting("dilation_w")}, c.intSetting("groups"));
        return new Conv2d(c.intSetting("in"), c.intSetting("out"), shape, c.booleanSetting("bias"), rng);
    }

    /** The weight [out, in / groups, kh, kw] and bias [out] values a layer of {@code c} holds. */
    static long stateElements(LayerConfig c) {
        long groups = BuiltInLayers.positive(c, "groups");
        long in = BuiltInLayers.positive(c, "in");
        long out = BuiltInLayers.positive(c, "out");
        long kernel = Math.multiplyExact(BuiltInLayers.positive(c, "kernel_h"), BuiltInLayers.positive(c, "kernel_w"));
        long weights = Math.multiplyExact(Math.multiplyExact(out, in / groups), kernel);
        return c.booleanSetting("bias") ? Math.addExact(weights, out) : weights;
    }

    @Override
    public Map<String, Variable> localParameters() {
        Map<String, Variable> params = new LinkedHashMap<>();
        params.put("weight", weight);
        if (bias != null) {
            params.put("bias", bias);
        }
        return params;
    }
}
