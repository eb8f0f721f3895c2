package deepvec.nn.spi;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Opens a folder of plugin jars as a {@link ProviderSource}: a {@link ModuleLayer} of its own over
 * the layer that holds deepvec (one class loader per module), or, when deepvec itself runs on the
 * class path, a class loader over the jars. A jar whose declarations disagree
 * ({@link ServiceDeclarations}), that is not a readable module, or whose module does not resolve
 * is reported and left out; the others load.
 */
final class PluginFolder {

    private PluginFolder() {
    }

    static List<ProviderSource> open(Path folder, Consumer<PluginProblem> report) throws IOException {
        if (!Files.exists(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "the plugin folder does not exist");
        }
        if (!Files.isDirectory(folder)) {
            throw new NotDirectoryException(folder + " (the plugin folder must be a folder of jars)");
        }
        Map<String, Path> modules = new LinkedHashMap<>();       // module name -> its jar, for consistent jars only
        for (Path jar : jars(folder)) {
            String name = checkedModuleName(jar, report);
            if (name != null && modules.putIfAbsent(name, jar) != null) {
                report.accept(new PluginProblem(jar.toString(), "module " + name + " is also in " + modules.get(name)
                        + "; keep one jar per module in the plugin folder"));
                modules.remove(name);
            }
        }
        ModuleLayer host = PluginRegistry.class.getModule().getLayer();
        return host == null ? List.of(classLoaderSource(modules.values())) : layerSources(host, modules, report);
    }

    private static List<Path> jars(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().toList();
        }
    }

    /** The jar's module name, or null (reported) if it is not a module or declares its providers inconsistently. */
    private static String checkedModuleName(Path jar, Consumer<PluginProblem> report) {
        try {
            List<String> mismatches = ServiceDeclarations.mismatches(jar);
            if (!mismatches.isEmpty()) {
                mismatches.forEach(m -> report.accept(new PluginProblem(jar.toString(), m)));
                return null;
            }
            Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
            return found.iterator().next().descriptor().name();
        } catch (IOException | RuntimeException e) {       // FindException: not a module, or a malformed one
            report.accept(new PluginProblem(jar.toString(), "not a readable module jar: " + e.getMessage()));
            return null;
        }
    }

    /**
     * One layer for the folder's modules that resolve; if they cannot share one (two export a
     * package, say), a layer per module, so one conflict does not take the others down.
     */
    private static List<ProviderSource> layerSources(ModuleLayer host, Map<String, Path> modules, Consumer<PluginProblem> report) {
        ModuleFinder finder = ModuleFinder.of(modules.values().toArray(Path[]::new));
        List<String> roots = new ArrayList<>();
        for (Map.Entry<String, Path> module : modules.entrySet()) {
            try {
                host.configuration().resolve(finder, ModuleFinder.of(), Set.of(module.getKey()));
                roots.add(module.getKey());
            } catch (FindException | ResolutionException e) {
                report.accept(new PluginProblem(module.getValue().toString(), "module " + module.getKey()
                        + " does not resolve against this deepvec: " + e.getMessage()));
            }
        }
        try {
            return List.of(ProviderSource.of(layer(host, finder, roots)));
        } catch (RuntimeException e) {          // FindException, ResolutionException, LayerInstantiationException
            List<ProviderSource> sources = new ArrayList<>();
            for (String root : roots) {
                try {
                    sources.add(ProviderSource.of(layer(host, ModuleFinder.of(modules.get(root)), List.of(root))));
                } catch (RuntimeException alone) {
                    report.accept(new PluginProblem(modules.get(root).toString(), "module " + root + " cannot be loaded beside the "
                            + "other plugins or on its own: " + alone.getMessage()));
                }
            }
            return sources;
        }
    }

    private static ModuleLayer layer(ModuleLayer host, ModuleFinder finder, List<String> roots) {
        Configuration configuration = host.configuration().resolve(finder, ModuleFinder.of(), roots);
        return ModuleLayer.defineModulesWithManyLoaders(configuration, List.of(host), PluginRegistry.class.getClassLoader()).layer();
    }

    private static ProviderSource classLoaderSource(Iterable<Path> jars) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            urls.add(jar.toUri().toURL());
        }
        return ProviderSource.of(new URLClassLoader("deepvec-plugins", urls.toArray(URL[]::new), PluginRegistry.class.getClassLoader()));
    }
}
