package deepvec.nn.layer;

import deepvec.nn.seq2seq.EncoderDecoder;
import deepvec.nn.spi.LayerProvider;
import deepvec.nn.spi.PluginRegistry;
import deepvec.simd.Recurrent;
import deepvec.simd.random.Rng;
import java.util.List;

/**
 * deepvec's own layer types, each a {@link LayerProvider} declared in the module descriptor and
 * in {@code META-INF/services} exactly as a plugin's are. The class itself is not part of the API.
 * Each provider overrides its factory rather than holding lambdas, so that discovering all of
 * them at start-up links no call sites (that had cost 1 ms per provider).
 */
final class BuiltInLayers {

    /** The version of the deepvec build, every built-in provider's. */
    private static final String VERSION = PluginRegistry.versionOf(BuiltInLayers.class);

    private BuiltInLayers() {
    }

    /** A built-in type: its name; subclasses build it and count what it holds. */
    abstract static class BuiltIn implements LayerProvider {
        private final String type;

        BuiltIn(String type) {
            this.type = type;
        }

        @Override
        public final String type() {
            return type;
        }

        @Override
        public final String version() {
            return VERSION;
        }

        @Override
        public final int spiVersion() {
            return SPI_VERSION;
        }
    }

    /** A type without parameters or buffers, built from its config alone. */
    abstract static class Stateless extends BuiltIn {
        Stateless(String type) {
            super(type);
        }

        /** The layer {@code c} describes. */
        abstract Layer create(LayerConfig c);

        @Override
        public final Layer create(LayerConfig config, Rng rng, LayerRegistry registry) {
            return create(config);
        }

        @Override
        public final long stateElements(LayerConfig config, LayerRegistry registry) {
            return 0;
        }
    }

    public static final class LinearProvider extends BuiltIn {
        public LinearProvider() {
            super("linear");
        }

        @Override
        public Layer create(LayerConfig c, Rng rng, LayerRegistry registry) {
            return new Linear(c.intSetting("in"), c.intSetting("out"), rng);
        }

        @Override
        public long stateElements(LayerConfig c, LayerRegistry registry) {
            return linearElements(c, "in", "out", 1);
        }
    }

    public static final class IdentityProvider extends Stateless {
        public IdentityProvider() {
            super("identity");
        }

        @Override
        Layer create(LayerConfig c) {
            return Activation.identity();
        }
    }

    public static final class ReluProvider extends Stateless {
        public ReluProvider() {
            super("relu");
        }

        @Override
        Layer create(LayerConfig c) {
            return Activation.relu();
        }
    }

    public static final class LeakyReluProvider extends Stateless {
        public LeakyReluProvider() {
            super("leaky_relu");
        }

        @Override
        Layer create(LayerConfig c) {
            return Activation.leakyRelu(c.floatSetting("slope"));
        }
    }

    public static final class AbsProvider extends Stateless {
        public AbsProvider() {
            super("abs");
        }

        @Override
        Layer create(LayerConfig c) {
            return Activation.abs();
        }
    }

    public static final class SigmoidProvider extends Stateless {
        public SigmoidProvider() {
            super("sigmoid");
        }

        @Override
        Layer create(LayerConfig c) {
            return Activation.sigmoid();
        }
    }

    public static final class TanhProvider extends Stateless {
        public TanhProvider() {
            super("tanh");
        }

        @Override
        Layer create(LayerConfig c) {
            return Activation.tanh();
        }
    }

    public static final class SoftplusProvider extends Stateless {
        public SoftplusProvider() {
            super("softplus");
        }

        @Override
        Layer create(LayerConfig c) {
            return Activation.softplus();
        }
    }

    public static final class SoftmaxProvider extends Stateless {
        public SoftmaxProvider() {
            super("softmax");
        }

        @Override
        Layer create(LayerConfig c) {
            return Activation.softmax();
        }
    }

    public static final class PReluProvider extends BuiltIn {
        public PReluProvider() {
            super("prelu");
        }

        @Override
        public Layer create(LayerConfig c, Rng rng, LayerRegistry registry) {
            return new PRelu(c.intSetting("units"));
        }

        @Override
        public long stateElements(LayerConfig c, LayerRegistry registry) {
            return positive(c, "units");
        }
    }

    public static final class MaxoutProvider extends BuiltIn {
        public MaxoutProvider() {
            super("maxout");
        }

        @Override
        public Layer create(LayerConfig c, Rng rng, LayerRegistry registry) {
            return new Maxout(c.intSetting("in"), c.intSetting("out"), c.intSetting("pieces"), rng);
        }

        @Override
        public long stateElements(LayerConfig c, LayerRegistry registry) {
            return linearElements(c, "in", "out", positive(c, "pieces"));
        }
    }

    public static final class DropoutProvider extends Stateless {
        public DropoutProvider() {
            super("dropout");
        }

        @Override
        Layer create(LayerConfig c) {
            return new Dropout(c.floatSetting("p"), c.longSetting("seed"));
        }
    }

    public static final class SparsityPenaltyProvider extends Stateless {
        public SparsityPenaltyProvider() {
            super("sparsity_penalty");
        }

        @Override
        Layer create(LayerConfig c) {
            return new SparsityPenalty(c.floatSetting("alpha"));
        }
    }

    public static final class Conv2dProvider extends BuiltIn {
        public Conv2dProvider() {
            super("conv2d");
        }

        @Override
        public Layer create(LayerConfig c, Rng rng, LayerRegistry registry) {
            return Conv2d.fromConfig(c, rng);
        }

        @Override
        public long stateElements(LayerConfig c, LayerRegistry registry) {
            return Conv2d.stateElements(c);
        }
    }

    public static final class MaxPoolProvider extends Stateless {
        public MaxPoolProvider() {
            super("max_pool2d");
        }

        @Override
        Layer create(LayerConfig c) {
            return new Pool2d(Pool2d.Kind.MAX, c.intSetting("kernel"), c.intSetting("stride"), c.intSetting("padding"));
        }
    }

    public static final class AveragePoolProvider extends Stateless {
        public AveragePoolProvider() {
            super("avg_pool2d");
        }

        @Override
        Layer create(LayerConfig c) {
            return new Pool2d(Pool2d.Kind.AVERAGE, c.intSetting("kernel"), c.intSetting("stride"), c.intSetting("padding"));
        }
    }

    public static final class FlattenProvider extends Stateless {
        public FlattenProvider() {
            super("flatten");
        }

        @Override
        Layer create(LayerConfig c) {
            return Reshape.flatten();
        }
    }

    public static final class ToImagesProvider extends Stateless {
        public ToImagesProvider() {
            super("to_images");
        }

        @Override
        Layer create(LayerConfig c) {
            return Reshape.toImages(c.intSetting("channels"), c.intSetting("height"), c.intSetting("width"));
        }
    }

    public static final class ToSequencesProvider extends Stateless {
        public ToSequencesProvider() {
            super("to_sequences");
        }

        @Override
        Layer create(LayerConfig c) {
            return Reshape.toSequences(c.intSetting("steps"), c.intSetting("features"));
        }
    }

    public static final class ToRowsProvider extends Stateless {
        public ToRowsProvider() {
            super("to_rows");
        }

        @Override
        Layer create(LayerConfig c) {
            return Reshape.toRows(c.intSetting("width"));
        }
    }

    public static final class BidirectionalProvider extends BuiltIn {
        public BidirectionalProvider() {
            super("bidirectional");
        }

        @Override
        public Layer create(LayerConfig c, Rng rng, LayerRegistry registry) {
            return Bidirectional.fromConfig(c, rng);
        }

        @Override
        public long stateElements(LayerConfig c, LayerRegistry registry) {
            return Bidirectional.stateElements(c);
        }
    }

    public static final class LeakyRnnProvider extends BuiltIn {
        public LeakyRnnProvider() {
            super("leaky_rnn");
        }

        @Override
        public Layer create(LayerConfig c, Rng rng, LayerRegistry registry) {
            return LeakyRecurrentLayer.fromConfig(c, rng);
        }

        @Override
        public long stateElements(LayerConfig c, LayerRegistry registry) {
            return LeakyRecurrentLayer.stateElements(c);
        }
    }

    public static final class HierarchicalSoftmaxProvider extends BuiltIn {
        public HierarchicalSoftmaxProvider() {
            super("hierarchical_softmax");
        }

        @Override
        public Layer create(LayerConfig c, Rng rng, LayerRegistry registry) {
            return new HierarchicalSoftmax(c.intSetting("hidden"), c.intsSetting("classes_of"), rng);
        }

        @Override
        public long stateElements(LayerConfig c, LayerRegistry registry) {
            return HierarchicalSoftmax.stateElements(c);
        }
    }

    public static final class EmbeddingProvider extends BuiltIn {
        public EmbeddingProvider() {
            super("embedding");
        }

        @Override
        public Layer create(LayerConfig c, Rng rng, LayerRegistry registry) {
            return Embedding.fromConfig(c, rng);
        }

        @Override
        public long stateElements(LayerConfig c, LayerRegistry registry) {
            return Math.multiplyExact(positive(c, "vocabulary"), positive(c, "dimension"));
        }
    }

    /** The fused recurrent layers, one type per cell. */
    abstract static class Recurrence extends BuiltIn {
        private final Recurrent.Cell cell;

        Recurrence(Recurrent.Cell cell) {
            super(RecurrentLayer.typeOf(cell));
            this.cell = cell;
        }

        @Override
        public final Layer create(LayerConfig c, Rng rng, LayerRegistry registry) {
            return RecurrentLayer.fromConfig(cell, c, rng);
        }

        @Override
        public final long stateElements(LayerConfig c, LayerRegistry registry) {
            return RecurrentLayer.stateElements(cell, c);
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
            super("output_rnn");
        }

        @Override
        public Layer create(LayerConfig c, Rng rng, LayerRegistry registry) {
            return OutputRecurrentNetwork.fromConfig(c, rng);
        }

        @Override
        public long stateElements(LayerConfig c, LayerRegistry registry) {
            return OutputRecurrentNetwork.stateElements(c);
        }
    }

    public static final class EncoderDecoderProvider extends BuiltIn {
        public EncoderDecoderProvider() {
            super("encoder_decoder");
        }

        @Override
        public Layer create(LayerConfig c, Rng rng, LayerRegistry registry) {
            return EncoderDecoder.fromConfig(c, rng);
        }

        @Override
        public long stateElements(LayerConfig c, LayerRegistry registry) {
            return EncoderDecoder.stateElements(c);
        }
    }

    public static final class BatchNormProvider extends BuiltIn {
        public BatchNormProvider() {
            super("batch_norm");
        }

        @Override
        public Layer create(LayerConfig c, Rng rng, LayerRegistry registry) {
            return new BatchNorm(c.intSetting("channels"), c.floatSetting("momentum"), c.floatSetting("eps"));
        }

        @Override
        public long stateElements(LayerConfig c, LayerRegistry registry) {
            return Math.multiplyExact(4L, positive(c, "channels"));       // gamma, beta, running mean and variance
        }
    }

    public static final class LocalResponseNormProvider extends Stateless {
        public LocalResponseNormProvider() {
            super("local_response_norm");
        }

        @Override
        Layer create(LayerConfig c) {
            return new LocalResponseNorm(c.intSetting("size"), c.floatSetting("alpha"), c.floatSetting("beta"), c.floatSetting("k"));
        }
    }

    public static final class SequentialProvider extends BuiltIn {
        public SequentialProvider() {
            super("sequential");
        }

        @Override
        public Layer create(LayerConfig c, Rng rng, LayerRegistry registry) {
            return Sequential.fromConfig(c, registry, rng);
        }

        @Override
        public long stateElements(LayerConfig c, LayerRegistry registry) {
            return sum(c.layersSetting("layers"), registry);
        }
    }

    public static final class AutoencoderProvider extends BuiltIn {
        public AutoencoderProvider() {
            super("autoencoder");
        }

        @Override
        public Layer create(LayerConfig c, Rng rng, LayerRegistry registry) {
            return Autoencoder.fromConfig(c, registry, rng);
        }

        @Override
        public long stateElements(LayerConfig c, LayerRegistry registry) {
            return Math.addExact(Autoencoder.ownElements(c), sum(c.layersSetting("activation"), registry));
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
