package deepvec.nn.layer;

import deepvec.nn.seq2seq.EncoderDecoder;
import deepvec.nn.spi.LayerProvider;
import deepvec.nn.spi.PluginRegistry;
import deepvec.simd.Recurrent;
import deepvec.simd.random.Rng;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * deepvec's own layer types, each a {@link LayerProvider} declared in the module descriptor and
 * in {@code META-INF/services} exactly as a plugin's are. The class itself is not part of the API.
 */
final class BuiltInLayers {

    private BuiltInLayers() {
    }

    /** The factory of a built-in type, given the registry for containers. */
    @FunctionalInterface
    interface Factory {
        Layer create(LayerConfig config, Rng rng, LayerRegistry registry);
    }

    /** The size of what a built-in type holds, given the registry for containers. */
    @FunctionalInterface
    interface Size {
        long of(LayerConfig config, LayerRegistry registry);
    }

    /** A built-in type: its name, factory and size. */
    abstract static class BuiltIn implements LayerProvider {
        private final String type;
        private final Factory factory;
        private final Size size;

        BuiltIn(String type, Factory factory, Size size) {
            this.type = type;
            this.factory = factory;
            this.size = size;
        }

        /** A type built from its config alone. */
        BuiltIn(String type, java.util.function.BiFunction<LayerConfig, Rng, Layer> factory, ToLongFunction<LayerConfig> size) {
            this(type, (c, rng, registry) -> factory.apply(c, rng), (c, registry) -> size.applyAsLong(c));
        }

        @Override
        public final String type() {
            return type;
        }

        @Override
        public final String version() {
            return PluginRegistry.versionOf(BuiltInLayers.class);
        }

        @Override
        public final int spiVersion() {
            return SPI_VERSION;
        }

        @Override
        public final Layer create(LayerConfig config, Rng rng, LayerRegistry registry) {
            return factory.create(config, rng, registry);
        }

        @Override
        public final long stateElements(LayerConfig config, LayerRegistry registry) {
            return size.of(config, registry);
        }
    }

    /** A type without parameters or buffers. */
    abstract static class Stateless extends BuiltIn {
        Stateless(String type, Function<LayerConfig, Layer> factory) {
            super(type, (c, rng) -> factory.apply(c), c -> 0L);
        }
    }

    public static final class LinearProvider extends BuiltIn {
        public LinearProvider() {
            super("linear", (c, rng) -> new Linear(c.intSetting("in"), c.intSetting("out"), rng), c -> linearElements(c, "in", "out", 1));
        }
    }

    public static final class IdentityProvider extends Stateless {
        public IdentityProvider() {
            super("identity", c -> Activation.identity());
        }
    }

    public static final class ReluProvider extends Stateless {
        public ReluProvider() {
            super("relu", c -> Activation.relu());
        }
    }

    public static final class LeakyReluProvider extends Stateless {
        public LeakyReluProvider() {
            super("leaky_relu", c -> Activation.leakyRelu(c.floatSetting("slope")));
        }
    }

    public static final class AbsProvider extends Stateless {
        public AbsProvider() {
            super("abs", c -> Activation.abs());
        }
    }

    public static final class SigmoidProvider extends Stateless {
        public SigmoidProvider() {
            super("sigmoid", c -> Activation.sigmoid());
        }
    }

    public static final class TanhProvider extends Stateless {
        public TanhProvider() {
            super("tanh", c -> Activation.tanh());
        }
    }

    public static final class SoftplusProvider extends Stateless {
        public SoftplusProvider() {
            super("softplus", c -> Activation.softplus());
        }
    }

    public static final class SoftmaxProvider extends Stateless {
        public SoftmaxProvider() {
            super("softmax", c -> Activation.softmax());
        }
    }

    public static final class PReluProvider extends BuiltIn {
        public PReluProvider() {
            super("prelu", (c, rng) -> new PRelu(c.intSetting("units")), c -> positive(c, "units"));
        }
    }

    public static final class MaxoutProvider extends BuiltIn {
        public MaxoutProvider() {
            super("maxout", (c, rng) -> new Maxout(c.intSetting("in"), c.intSetting("out"), c.intSetting("pieces"), rng),
                    c -> linearElements(c, "in", "out", positive(c, "pieces")));
        }
    }

    public static final class DropoutProvider extends Stateless {
        public DropoutProvider() {
            super("dropout", c -> new Dropout(c.floatSetting("p"), c.longSetting("seed")));
        }
    }

    public static final class SparsityPenaltyProvider extends Stateless {
        public SparsityPenaltyProvider() {
            super("sparsity_penalty", c -> new SparsityPenalty(c.floatSetting("alpha")));
        }
    }

    public static final class Conv2dProvider extends BuiltIn {
        public Conv2dProvider() {
            super("conv2d", Conv2d::fromConfig, Conv2d::stateElements);
        }
    }

    public static final class MaxPoolProvider extends Stateless {
        public MaxPoolProvider() {
            super("max_pool2d", c -> new Pool2d(Pool2d.Kind.MAX, c.intSetting("kernel"), c.intSetting("stride"), c.intSetting("padding")));
        }
    }

    public static final class AveragePoolProvider extends Stateless {
        public AveragePoolProvider() {
            super("avg_pool2d", c -> new Pool2d(Pool2d.Kind.AVERAGE, c.intSetting("kernel"), c.intSetting("stride"),
                    c.intSetting("padding")));
        }
    }

    public static final class FlattenProvider extends Stateless {
        public FlattenProvider() {
            super("flatten", c -> Reshape.flatten());
        }
    }

    public static final class ToImagesProvider extends Stateless {
        public ToImagesProvider() {
            super("to_images", c -> Reshape.toImages(c.intSetting("channels"), c.intSetting("height"), c.intSetting("width")));
        }
    }

    public static final class ToSequencesProvider extends Stateless {
        public ToSequencesProvider() {
            super("to_sequences", c -> Reshape.toSequences(c.intSetting("steps"), c.intSetting("features")));
        }
    }

    public static final class ToRowsProvider extends Stateless {
        public ToRowsProvider() {
            super("to_rows", c -> Reshape.toRows(c.intSetting("width")));
        }
    }

    public static final class BidirectionalProvider extends BuiltIn {
        public BidirectionalProvider() {
            super("bidirectional", Bidirectional::fromConfig, Bidirectional::stateElements);
        }
    }

    public static final class LeakyRnnProvider extends BuiltIn {
        public LeakyRnnProvider() {
            super("leaky_rnn", LeakyRecurrentLayer::fromConfig, LeakyRecurrentLayer::stateElements);
        }
    }

    public static final class HierarchicalSoftmaxProvider extends BuiltIn {
        public HierarchicalSoftmaxProvider() {
            super("hierarchical_softmax", (c, rng) -> new HierarchicalSoftmax(c.intSetting("hidden"), c.intsSetting("classes_of"), rng),
                    HierarchicalSoftmax::stateElements);
        }
    }

    public static final class EmbeddingProvider extends BuiltIn {
        public EmbeddingProvider() {
            super("embedding", Embedding::fromConfig, c -> Math.multiplyExact(positive(c, "vocabulary"), positive(c, "dimension")));
        }
    }

    /** The fused recurrent layers, one type per cell. */
    abstract static class Recurrence extends BuiltIn {
        Recurrence(Recurrent.Cell cell) {
            super(RecurrentLayer.typeOf(cell), (c, rng) -> RecurrentLayer.fromConfig(cell, c, rng), c -> RecurrentLayer.stateElements(cell, c));
        }
    }

    public static final class RnnProvider extends Recurrence {
        public RnnProvider() {
            super(Recurrent.Cell.TANH);
        }
    }

    public static final class LstmProvider extends Recurrence {
        public LstmProvider() {
            super(Recurrent.Cell.LSTM);
        }
    }

    public static final class GruProvider extends Recurrence {
        public GruProvider() {
            super(Recurrent.Cell.GRU);
        }
    }

    public static final class OutputRnnProvider extends BuiltIn {
        public OutputRnnProvider() {
            super("output_rnn", OutputRecurrentNetwork::fromConfig, OutputRecurrentNetwork::stateElements);
        }
    }

    public static final class EncoderDecoderProvider extends BuiltIn {
        public EncoderDecoderProvider() {
            super("encoder_decoder", EncoderDecoder::fromConfig, EncoderDecoder::stateElements);
        }
    }

    public static final class BatchNormProvider extends BuiltIn {
        public BatchNormProvider() {
            super("batch_norm", (c, rng) -> new BatchNorm(c.intSetting("channels"), c.floatSetting("momentum"), c.floatSetting("eps")),
                    c -> Math.multiplyExact(4L, positive(c, "channels")));       // gamma, beta, running mean and variance
        }
    }

    public static final class LocalResponseNormProvider extends Stateless {
        public LocalResponseNormProvider() {
            super("local_response_norm", c -> new LocalResponseNorm(c.intSetting("size"), c.floatSetting("alpha"), c.floatSetting("beta"),
                    c.floatSetting("k")));
        }
    }

    public static final class SequentialProvider extends BuiltIn {
        public SequentialProvider() {
            super("sequential", (c, rng, registry) -> Sequential.fromConfig(c, registry, rng), (c, registry) -> sum(c.layersSetting("layers"), registry));
        }
    }

    public static final class AutoencoderProvider extends BuiltIn {
        public AutoencoderProvider() {
            super("autoencoder", (c, rng, registry) -> Autoencoder.fromConfig(c, registry, rng),
                    (c, registry) -> Math.addExact(Autoencoder.ownElements(c), sum(c.layersSetting("activation"), registry)));
        }
    }

    /** An integer setting that must be at least 1. */
    static long positive(LayerConfig c, String name) {
        int value = c.intSetting(name);
        if (value < 1) {
            throw new InvalidModelException("layer '" + c.type() + "' setting '" + name + "' is " + value + "; expected at least 1");
        }
        return value;
    }

    /** The weights and biases of an affine map from {@code in} to {@code out} times {@code pieces} units. */
    static long linearElements(LayerConfig c, String in, String out, long pieces) {
        long units = Math.multiplyExact(positive(c, out), pieces);
        return Math.addExact(Math.multiplyExact(positive(c, in), units), units);
    }

    private static long sum(List<LayerConfig> layers, LayerRegistry registry) {
        long total = 0;
        for (LayerConfig layer : layers) {
            total = Math.addExact(total, registry.stateElements(layer));
        }
        return total;
    }
}
