package deepvec.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.spi.PluginRegistry;
import deepvec.nn.spi.Provider;
import deepvec.nn.spi.ServiceDeclarations;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The checks every provider passes, whatever it provides: declarations and self-description. */
final class Declarations {

    private Declarations() {
    }

    /**
     * The provider's jar (or classes folder) lists it in {@code META-INF/services/<spi>}, and, if
     * it has a module-info, declares the same providers there.
     */
    static void check(Class<? extends Provider> spi, Provider provider) throws IOException {
        Path location = locationOf(provider.getClass());
        assertEquals(List.of(), ServiceDeclarations.mismatches(location), "module-info and META-INF/services must agree");
        String services = "META-INF/services/" + spi.getName();
        List<String> lines;
        if (Files.isDirectory(location)) {
            Path file = location.resolve(services);
            assertTrue(Files.isRegularFile(file), "no " + file + ": the provider would be missing on the class path");
            lines = Files.readAllLines(file);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                Path file = jar.getPath(services);
                assertTrue(Files.isRegularFile(file), "no " + services + " in " + location);
                lines = Files.readAllLines(file);
            }
        }
        assertTrue(lines.stream().map(String::strip).anyMatch(provider.getClass().getName()::equals),
                services + " does not list " + provider.getClass().getName() + ": " + lines);
    }

    /** Type, version and SPI version as the registry requires, and the registry accepts it. */
    static void describesItself(Class<? extends Provider> spi, Provider provider, int spiVersion) {
        assertFalse(provider.type() == null || provider.type().isBlank(), "a blank type name");
        assertFalse(provider.version() == null || provider.version().isBlank(), "a blank version");
        assertEquals(spiVersion, provider.spiVersion(), "the SPI version this deepvec implements");
        PluginRegistry registry = PluginRegistry.withProviders(List.of(provider));
        assertTrue(registry.providers(spi).get(provider.type()) != null || registry.isOwn(provider),
                "the registry refused the provider: " + registry.problems());
    }

    /** Where a class was loaded from: its jar or classes folder. */
    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
