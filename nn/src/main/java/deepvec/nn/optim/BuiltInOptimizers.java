package deepvec.nn.optim;

import deepvec.nn.autograd.Variable;
import deepvec.nn.spi.OptimizerProvider;
import deepvec.nn.spi.PluginRegistry;
import deepvec.nn.spi.Settings;
import java.util.Map;

/**
 * The optimisers of chapter 8 as {@link OptimizerProvider}s, each with the book's default
 * hyperparameters, which a {@link Settings} entry of the same name overrides. Declared in the
 * module descriptor and in {@code META-INF/services} as a plugin's are; not part of the API.
 */
final class BuiltInOptimizers {

    /** The version of the deepvec build, every built-in provider's. */
    private static final String VERSION = PluginRegistry.versionOf(BuiltInOptimizers.class);

    private BuiltInOptimizers() {
    }

    /** A built-in optimiser: its name; subclasses build it. */
    abstract static class BuiltIn implements OptimizerProvider {
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

    /** Algorithm 8.1. */
    public static final class SgdProvider extends BuiltIn {
        public SgdProvider() {
            super("sgd");
        }

        @Override
        public Optimizer create(Map<String, Variable> parameters, float learningRate, Settings settings) {
            return new Sgd(parameters, learningRate, settings.floatSetting("momentum", 0f), false);
        }
    }

    /** Algorithm 8.2, momentum 0.9 unless set. */
    public static final class MomentumProvider extends BuiltIn {
        public MomentumProvider() {
            super("momentum");
        }

        @Override
        public Optimizer create(Map<String, Variable> parameters, float learningRate, Settings settings) {
            return new Sgd(parameters, learningRate, settings.floatSetting("momentum", 0.9f), false);
        }
    }

    /** Algorithm 8.3, momentum 0.9 unless set. */
    public static final class NesterovProvider extends BuiltIn {
        public NesterovProvider() {
            super("nesterov");
        }

        @Override
        public Optimizer create(Map<String, Variable> parameters, float learningRate, Settings settings) {
            return new Sgd(parameters, learningRate, settings.floatSetting("momentum", 0.9f), true);
        }
    }

    /** Algorithm 8.4. */
    public static final class AdaGradProvider extends BuiltIn {
        public AdaGradProvider() {
            super("adagrad");
        }

        @Override
        public Optimizer create(Map<String, Variable> parameters, float learningRate, Settings settings) {
            return new AdaGrad(parameters, learningRate, settings.floatSetting("delta", 1e-7f));
        }
    }

    /** Algorithm 8.5. */
    public static final class RmsPropProvider extends BuiltIn {
        public RmsPropProvider() {
            super("rmsprop");
        }

        @Override
        public Optimizer create(Map<String, Variable> parameters, float learningRate, Settings settings) {
            return new RmsProp(parameters, learningRate, settings.floatSetting("rho", 0.9f), settings.floatSetting("delta", 1e-6f));
        }
    }

    /** Algorithm 8.7. */
    public static final class AdamProvider extends BuiltIn {
        public AdamProvider() {
            super("adam");
        }

        @Override
        public Optimizer create(Map<String, Variable> parameters, float learningRate, Settings settings) {
            return new Adam(parameters, learningRate, settings.floatSetting("rho1", 0.9f), settings.floatSetting("rho2", 0.999f),
                    settings.floatSetting("delta", 1e-8f));
        }
    }

    /** AdaDelta (Zeiler 2012), section 8.5.4. */
    public static final class AdaDeltaProvider extends BuiltIn {
        public AdaDeltaProvider() {
            super("adadelta");
        }

        @Override
        public Optimizer create(Map<String, Variable> parameters, float learningRate, Settings settings) {
            return new AdaDelta(parameters, learningRate, settings.floatSetting("rho", 0.95f), settings.floatSetting("delta", 1e-6f));
        }
    }
}
