package deepvec.nn.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.spi.ToolProvider;

/** Builds small layer-plugin jars at test time, as a plugin author's build would, with javac. */
final class PluginJars {

    private PluginJars() {
    }

    /**
     * A jar of one layer provider, {@code plugin.<module>.Provider}, of type {@code type}, whose
     * constructor runs {@code constructorBody} and whose {@code spiVersion()} returns {@code spi}.
     *
     * @param moduleInfo whether the jar has a module-info declaring the provider
     * @param servicesFile whether it lists the provider in META-INF/services
     */
    static Path layerPlugin(Path folder, String module, String type, String constructorBody, String spi, boolean moduleInfo,
            boolean servicesFile) throws IOException {
        Path src = Files.createTempDirectory("plugin-src");
        Path classes = Files.createTempDirectory("plugin-classes");
        String pkg = "plugin." + module;
        Path source = src.resolve(pkg.replace('.', '/')).resolve("Provider.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package %s;
                import deepvec.nn.layer.*;
                import deepvec.nn.spi.LayerProvider;
                import deepvec.simd.random.Rng;
                public final class Provider implements LayerProvider {
                    public Provider() { %s }
                    public String type() { return "%s"; }
                    public String version() { return "1.0"; }
                    public int spiVersion() { return %s; }
                    public long stateElements(LayerConfig c, LayerRegistry r) { return 0; }
                    public Layer create(LayerConfig c, Rng rng, LayerRegistry r) { return Activation.identity(); }
                }
                """.formatted(pkg, constructorBody, type, spi));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "--add-modules", "jdk.incubator.vector", source.toString()));
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        if (javac.run(System.out, System.err, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the test plugin did not compile");
        }
        if (moduleInfo) {
            Path info = src.resolve("module-info.java");
            Files.writeString(info, "module plugin.%s { requires deepvec.nn; provides deepvec.nn.spi.LayerProvider with %s.Provider; }"
                    .formatted(module, pkg));
            Path nnClasses = Path.of(LayerProvider.class.getProtectionDomain().getCodeSource().getLocation().getPath());
            // module-info alone, against deepvec's classes as a module
            int status = javac.run(System.out, System.err, "-d", classes.toString(), "--module-path", modulePath(nnClasses),
                    "--patch-module", "plugin." + module + "=" + classes, info.toString());
            if (status != 0) {
                throw new IllegalStateException("the test plugin's module-info did not compile");
            }
        }
        if (servicesFile) {
            Path services = classes.resolve("META-INF/services/deepvec.nn.spi.LayerProvider");
            Files.createDirectories(services.getParent());
            Files.writeString(services, pkg + ".Provider\n", StandardCharsets.UTF_8);
        }
        Files.createDirectories(folder);
        return jar(classes, folder.resolve(module + ".jar"));
    }

    /** deepvec.nn and what it requires, as a module path for javac. */
    private static String modulePath(Path nnClasses) {
        List<String> entries = new ArrayList<>(List.of(nnClasses.toString()));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.contains("junit") && !entry.contains("opentest4j") && !entry.contains("apiguardian") && !entry.contains("test-classes")
                    && !entry.equals(nnClasses.toString())) {
                entries.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static Path jar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
