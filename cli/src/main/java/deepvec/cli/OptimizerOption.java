package deepvec.cli;

import deepvec.nn.autograd.Variable;
import deepvec.nn.optim.Optimizer;
import deepvec.nn.spi.OptimizerProvider;
import deepvec.nn.spi.PluginRegistry;
import deepvec.nn.spi.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --optimizer} and {@code --optimizer-setting}: an optimiser by its provider's type name
 * (deepvec's chapter 8 optimisers or a plugin's), with hyperparameters other than the defaults.
 */
final class OptimizerOption {

    @Option(names = "--optimizer", defaultValue = "adam",
            description = "sgd, momentum, nesterov, adagrad, rmsprop, adam, adadelta, or a plugin's optimiser (./deepvec plugins)")
    String type;

    @Option(names = "--optimizer-setting", paramLabel = "NAME=VALUE", showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER,
            description = "a hyperparameter other than the optimiser's default, e.g. momentum=0.95 or rho2=0.99 (repeatable)")
    Map<String, String> settings = new LinkedHashMap<>();

    /** The optimiser over {@code parameters}. */
    Optimizer create(PluginRegistry registry, Map<String, Variable> parameters, float learningRate) {
        return registry.provider(OptimizerProvider.class, type).create(parameters, learningRate, settings());
    }

    /** Refuses, before anything is read or written, an optimiser nothing provides. */
    void check(PluginRegistry registry, picocli.CommandLine commandLine) {
        java.util.Set<String> known = registry.providers(OptimizerProvider.class).keySet();
        new OptionChecks().require(known.contains(type), "--optimizer is " + type + "; expected one of " + known).throwIfAny(commandLine);
    }

    /** The settings as numbers and booleans where they read as such, as typed otherwise. */
    Settings settings() {
        Map<String, Object> values = new LinkedHashMap<>();
        settings.forEach((name, text) -> values.put(name, parsed(text)));
        return new Settings(values);
    }

    /** What the run records: the type and its settings, e.g. {@code momentum{momentum=0.95}}. */
    String recorded() {
        return settings.isEmpty() ? type : type + settings;
    }

    private static Object parsed(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
