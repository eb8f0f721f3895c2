package deepvec.nn.layer;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.ShapeOps;
import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-hidden-layer autoencoder (Deep Learning chapter 14): the encoder h = f(x) = s(x W + b)
 * and the decoder r = g(h) = h V + c, trained to make r reproduce x (eq. 14.1). With tied
 * weights the decoder uses the encoder's transpose, V = W^T, so W is one parameter that both
 * halves use: its gradient is the sum of the two uses and an optimizer updates it once. Input
 * and output are [n, in], the code is [n, hidden].
 */
public final class Autoencoder implements Layer {

    private final Linear encoder;
    private final Layer activation;
    private final Linear decoder;           // null when tied
    private final Variable decoderBias;     // the tied decoder's c, [in]

    /**
     * @param activation the encoder's nonlinearity s (an {@link Activation})
     * @param tied whether the decoder uses the transpose of the encoder's weights
     */
    public Autoencoder(int in, int hidden, Layer activation, boolean tied, Rng rng) {
        this.encoder = new Linear(in, hidden, rng);
        this.activation = activation;
        this.decoder = tied ? null : new Linear(hidden, in, rng);
        this.decoderBias = tied ? Variable.parameter(Tensor.zeros(in)) : null;
    }

    static Autoencoder fromConfig(LayerConfig c, LayerRegistry registry, Rng rng) {
        List<LayerConfig> activation = c.layersSetting("activation");
        if (activation.size() != 1) {
            throw new InvalidModelException("autoencoder: 'activation' must hold one layer, got " + activation.size());
        }
        return new Autoencoder(c.intSetting("in"), c.intSetting("hidden"), registry.create(activation.get(0), rng),
                c.booleanSetting("tied"), rng);
    }

    /** The values of the encoder and decoder (not the activation's) that an autoencoder of {@code c} holds. */
    static long ownElements(LayerConfig c) {
        long in = BuiltInLayers.positive(c, "in");
        long hidden = BuiltInLayers.positive(c, "hidden");
        long encoder = Math.addExact(Math.multiplyExact(in, hidden), hidden);
        long decoder = c.booleanSetting("tied") ? in : Math.addExact(Math.multiplyExact(hidden, in), in);
        return Math.addExact(encoder, decoder);
    }

    @Override
    public Variable forward(Variable x) {
        return decode(encode(x));
    }

    /** The code h = f(x), [n, hidden]. */
    public Variable encode(Variable x) {
        return activation.forward(encoder.forward(x));
    }

    /** The reconstruction r = g(h), [n, in]. */
    public Variable decode(Variable h) {
        if (decoder != null) {
            return decoder.forward(h);
        }
        Variable weight = encoder.localParameters().get("weight");
        return Ops.add(Ops.matmul(h, ShapeOps.transpose(weight, 0, 1)), decoderBias);
    }

    @Override
    public Map<String, Layer> children() {
        Map<String, Layer> children = new LinkedHashMap<>();
        children.put("encoder", encoder);
        children.put("activation", activation);
        if (decoder != null) {
            children.put("decoder", decoder);
        }
        return children;
    }

    @Override
    public Map<String, Variable> localParameters() {
        return decoderBias == null ? Map.of() : Map.of("decoder_bias", decoderBias);
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("autoencoder", "in", encoder.inputs(), "hidden", encoder.outputs(), "activation",
                List.of(activation.config()), "tied", decoder == null);
    }
}
