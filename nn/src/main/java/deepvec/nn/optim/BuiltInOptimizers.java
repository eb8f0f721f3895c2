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

    private BuiltInOptimizers() {
    }

    /** The factory of a built-in optimiser. */
    @FunctionalInterface
    interface Factory {
        Optimizer create(Map<String, Variable> parameters, float learningRate, Settings settings);
    }

    /** A built-in optimiser: its name and factory. */
    abstract static class BuiltIn implements OptimizerProvider {
        private final String type;
        private final Factory factory;

        BuiltIn(String type, Factory factory) {
            this.type = type;
            this.factory = factory;
        }

        @Override
        public final String type() {
            return type;
        }

        @Override
        public final String version() {
            return PluginRegistry.versionOf(BuiltInOptimizers.class);
        }

        @Override
        public final int spiVersion() {
            return SPI_VERSION;
        }

        @Override
        public final Optimizer create(Map<String, Variable> parameters, float learningRate, Settings settings) {
            return factory.create(parameters, learningRate, settings);
        }
    }

    /** Algorithm 8.1. */
    public static final class SgdProvider extends BuiltIn {
        public SgdProvider() {
            super("sgd", (p, lr, s) -> new Sgd(p, lr, s.floatSetting("momentum", 0f), false));
        }
    }

    /** Algorithm 8.2, momentum 0.9 unless set. */
    public static final class MomentumProvider extends BuiltIn {
        public MomentumProvider() {
            super("momentum", (p, lr, s) -> new Sgd(p, lr, s.floatSetting("momentum", 0.9f), false));
        }
    }

    /** Algorithm 8.3, momentum 0.9 unless set. */
    public static final class NesterovProvider extends BuiltIn {
        public NesterovProvider() {
            super("nesterov", (p, lr, s) -> new Sgd(p, lr, s.floatSetting("momentum", 0.9f), true));
        }
    }

    /** Algorithm 8.4. */
    public static final class AdaGradProvider extends BuiltIn {
        public AdaGradProvider() {
            super("adagrad", (p, lr, s) -> new AdaGrad(p, lr, s.floatSetting("delta", 1e-7f)));
        }
    }

    /** Algorithm 8.5. */
    public static final class RmsPropProvider extends BuiltIn {
        public RmsPropProvider() {
            super("rmsprop", (p, lr, s) -> new RmsProp(p, lr, s.floatSetting("rho", 0.9f), s.floatSetting("delta", 1e-6f)));
        }
    }

    /** Algorithm 8.7. */
    public static final class AdamProvider extends BuiltIn {
        public AdamProvider() {
            super("adam", (p, lr, s) -> new Adam(p, lr, s.floatSetting("rho1", 0.9f), s.floatSetting("rho2", 0.999f),
                    s.floatSetting("delta", 1e-8f)));
        }
    }

    /** AdaDelta (Zeiler 2012), section 8.5.4. */
    public static final class AdaDeltaProvider extends BuiltIn {
        public AdaDeltaProvider() {
            super("adadelta", (p, lr, s) -> new AdaDelta(p, lr, s.floatSetting("rho", 0.95f), s.floatSetting("delta", 1e-6f)));
        }
    }
}
