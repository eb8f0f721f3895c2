package deepvec.cli;

import deepvec.nn.spi.LayerProvider;
import deepvec.nn.spi.OptimizerProvider;
import deepvec.nn.spi.PluginProblem;
import deepvec.nn.spi.PluginRegistry;
import deepvec.nn.spi.Provider;
import deepvec.nn.spi.ProviderInfo;
import deepvec.probabilistic.spi.SamplerProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deepvec plugins}: what is loaded, by kind, with the version, module and jar of each provider. */
@Command(name = "plugins", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the layer types, optimisers and samplers deepvec and its plugins provide: type, kind, version, "
                + "module and jar; then what was skipped and why.")
final class PluginsCommand implements Callable<Integer> {

    private static final List<Class<? extends Provider>> KINDS = List.of(LayerProvider.class, OptimizerProvider.class,
            SamplerProvider.class);

    @Mixin
    PluginOption plugins;

    @Option(names = "--plugins-only", description = "leave out deepvec's own providers")
    boolean pluginsOnly;

    @Override
    public Integer call() throws Exception {
        PluginRegistry registry = plugins.registry();
        List<ProviderInfo> rows = new ArrayList<>();
        for (Class<? extends Provider> kind : KINDS) {
            registry.providers(kind).values().stream().filter(p -> !pluginsOnly || !registry.isOwn(p))
                    .forEach(p -> rows.add(registry.describe(kind, p)));
        }
        String format = "%-26s %-18s %-10s %-30s %s%n";
        System.out.printf(Locale.ROOT, format, "TYPE", "KIND", "VERSION", "MODULE", "JAR");
        rows.forEach(r -> System.out.printf(Locale.ROOT, format, r.type(), r.kind(), r.version(), r.module(), r.location()));
        List<PluginProblem> problems = registry.problems();
        if (!problems.isEmpty()) {
            System.out.printf(Locale.ROOT, "%nskipped (%d):%n", problems.size());
            problems.forEach(p -> System.out.println("  " + p));
        }
        return problems.isEmpty() ? 0 : 1;
    }
}
