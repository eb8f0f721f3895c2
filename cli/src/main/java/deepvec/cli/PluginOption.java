package deepvec.cli;

import deepvec.nn.spi.PluginRegistry;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --plugins} option every command has: the folder of plugin jars to load beside deepvec's own. */
final class PluginOption {

    @Option(names = "--plugins", paramLabel = "DIR", defaultValue = "${env:DEEPVEC_PLUGINS}",
            description = "a folder of plugin jars (layers, optimisers, samplers), loaded into a module layer of their own "
                    + "(default: $DEEPVEC_PLUGINS, else none)")
    Path folder;

    private PluginRegistry registry;

    /** deepvec's providers plus the folder's; a jar that cannot be used is logged and skipped. */
    PluginRegistry registry() throws IOException {
        if (registry == null) {
            registry = folder == null ? PluginRegistry.standard() : PluginRegistry.fromDirectory(folder);
        }
        return registry;
    }
}
