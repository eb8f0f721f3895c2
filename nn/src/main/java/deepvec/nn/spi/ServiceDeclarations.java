package deepvec.nn.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks that a plugin declares each deepvec provider twice and the same way: as
 * {@code provides S with C} in its {@code module-info} (what the module path and a plugin folder
 * read) and as the line {@code C} in {@code META-INF/services/S} (what the class path and fat jars
 * read). A plugin that ships only one of them would be silently missing where the other is read;
 * the plugin folder refuses such a jar, and the plugin test kit fails such a build.
 */
public final class ServiceDeclarations {

    private static final String SERVICES = "META-INF/services";

    private ServiceDeclarations() {
    }

    /**
     * What disagrees in a jar or a classes folder (empty when they agree, or when it has no
     * {@code module-info.class}, whose services an automatic module takes from the files alone).
     * Only deepvec's SPIs ({@code deepvec.*}) are compared.
     *
     * @throws IOException if the jar or folder cannot be read
     */
    public static List<String> mismatches(Path jarOrFolder) throws IOException {
        if (Files.isDirectory(jarOrFolder)) {
            return mismatches(jarOrFolder, jarOrFolder);
        }
        try (FileSystem jar = FileSystems.newFileSystem(jarOrFolder)) {
            return mismatches(jar.getPath("/"), jarOrFolder);
        }
    }

    private static List<String> mismatches(Path root, Path shownAs) throws IOException {
        Path moduleInfo = root.resolve("module-info.class");
        if (!Files.isRegularFile(moduleInfo)) {
            return List.of();
        }
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(moduleInfo)) {
            descriptor = ModuleDescriptor.read(in);
        }
        Map<String, Set<String>> declared = new TreeMap<>();
        descriptor.provides().stream().filter(p -> isDeepvecSpi(p.service()))
                .forEach(p -> declared.put(p.service(), canonical(p.providers())));
        Map<String, Set<String>> listed = listedServices(root.resolve(SERVICES));
        List<String> problems = new ArrayList<>();
        for (String service : union(declared.keySet(), listed.keySet())) {
            Set<String> inModuleInfo = declared.getOrDefault(service, Set.of());
            Set<String> inFile = listed.getOrDefault(service, Set.of());
            if (!inModuleInfo.equals(inFile)) {
                problems.add(shownAs.getFileName() + ": module " + descriptor.name() + " declares 'provides " + service + " with "
                        + inModuleInfo + "' but " + SERVICES + "/" + service + " lists " + inFile
                        + "; declare every provider in both, so it is found on the module path and the class path alike");
            }
        }
        return problems;
    }

    private static Map<String, Set<String>> listedServices(Path folder) throws IOException {
        Map<String, Set<String>> listed = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return listed;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String service = file.getFileName().toString();
                if (isDeepvecSpi(service)) {
                    listed.put(service, providerLines(file));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return listed;
    }

    /** The class names of a services file: one per line, {@code #} comments and blanks ignored. */
    private static Set<String> providerLines(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int comment = line.indexOf('#');
            String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return canonical(names);
    }

    /** Class names with nested classes written alike ({@code a.B.C}, not {@code a.B$C}). */
    private static Set<String> canonical(Iterable<String> classNames) {
        Set<String> names = new TreeSet<>();
        classNames.forEach(name -> names.add(name.replace('$', '.')));
        return names;
    }

    private static boolean isDeepvecSpi(String service) {
        return service.startsWith("deepvec.");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
