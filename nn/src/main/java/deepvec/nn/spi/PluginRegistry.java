package deepvec.nn.spi;

import deepvec.nn.layer.LayerRegistry;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;

/**
 * Every provider deepvec can use, of every SPI ({@link LayerProvider}, {@link OptimizerProvider},
 * the probabilistic module's {@code SamplerProvider}, or any other {@link Provider} subtype):
 * deepvec's own, those on the application's module and class path, and those of an optional
 * plugin folder loaded into a {@link ModuleLayer} of its own ({@link #fromDirectory}).
 *
 * <p>Each provider is isolated: one whose class cannot be loaded, whose constructor throws, or
 * that was compiled against another SPI version is reported in {@link #problems()} (and logged),
 * and the others load. A type name claimed by two providers of one kind is refused for both (a
 * checkpoint could not say which one built it), unless one of them is deepvec's own, which stays.
 * Providers are found once per kind, on first use, and kept.
 */
public final class PluginRegistry {

    private static final int MAX_LOOKUP_ERRORS = 1000;

    private static volatile PluginRegistry standard;

    private final List<ProviderSource> sources;
    private final List<Provider> inCode;
    private final List<PluginProblem> problems = Collections.synchronizedList(new ArrayList<>());
    private final Map<Class<?>, Map<String, ? extends Provider>> byKind = new ConcurrentHashMap<>();
    private volatile LayerRegistry layers;

    private PluginRegistry(List<ProviderSource> sources, List<Provider> inCode) {
        this.sources = List.copyOf(sources);
        this.inCode = List.copyOf(inCode);
    }

    /** deepvec's own providers and those on the application's module and class path. */
    public static PluginRegistry standard() {
        PluginRegistry registry = standard;
        if (registry == null) {
            synchronized (PluginRegistry.class) {
                if (standard == null) {
                    standard = new PluginRegistry(List.of(ProviderSource.application()), List.of());
                }
                registry = standard;
            }
        }
        return registry;
    }

    /**
     * The standard providers and those of the jars in {@code folder}, loaded into a module layer
     * of their own (or a class loader of their own when deepvec runs on the class path). A jar
     * that cannot be used is reported in {@link #problems()}; the rest load.
     *
     * @throws java.nio.file.NoSuchFileException if the folder does not exist
     * @throws java.nio.file.NotDirectoryException if it is not a folder
     */
    public static PluginRegistry fromDirectory(Path folder) throws IOException {
        List<PluginProblem> found = new ArrayList<>();
        List<ProviderSource> sources = new ArrayList<>(List.of(ProviderSource.application()));
        sources.addAll(PluginFolder.open(folder, found::add));
        PluginRegistry registry = new PluginRegistry(sources, List.of());
        found.forEach(registry::report);
        return registry;
    }

    /** The standard providers plus providers made in code (tests, applications that register their own). */
    public static PluginRegistry withProviders(List<? extends Provider> providers) {
        return new PluginRegistry(List.of(ProviderSource.application()), List.copyOf(providers));
    }

    /** The providers of one SPI, by type name, deepvec's own first. */
    @SuppressWarnings("unchecked")
    public <P extends Provider> Map<String, P> providers(Class<P> service) {
        Map<String, ? extends Provider> loaded = byKind.computeIfAbsent(service, s -> load(service));
        return (Map<String, P>) Collections.unmodifiableMap(loaded);
    }

    /**
     * The provider of {@code type} for one SPI.
     *
     * @throws UnknownProviderException naming the known types, if nothing loaded provides it
     */
    public <P extends Provider> P provider(Class<P> service, String type) {
        P provider = providers(service).get(type);
        if (provider == null) {
            throw new UnknownProviderException(kindOf(service), type, providers(service).keySet());
        }
        return provider;
    }

    /** The layer types of this registry's {@link LayerProvider}s. */
    public LayerRegistry layers() {
        LayerRegistry registry = layers;
        if (registry == null) {
            registry = new LayerRegistry(this);
            layers = registry;
        }
        return registry;
    }

    /** What was reported and skipped while loading, in the order it was found. */
    public List<PluginProblem> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /**
     * Whether a provider is deepvec's own: shipped in the same module (the same jar) as the SPI it
     * implements, as deepvec's layers are with {@link LayerProvider}.
     */
    public boolean isOwn(Provider provider) {
        String location = locationOf(provider.getClass());
        for (Class<?> type = provider.getClass(); type != null; type = type.getSuperclass()) {
            for (Class<?> spi : type.getInterfaces()) {
                if (Provider.class.isAssignableFrom(spi) && spi != Provider.class && spi.getModule() == provider.getClass().getModule()
                        && locationOf(spi).equals(location)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Kind, type, version, module and jar of a provider. */
    public ProviderInfo describe(Class<? extends Provider> service, Provider provider) {
        Module module = provider.getClass().getModule();
        return new ProviderInfo(kindOf(service), provider.type(), provider.version(),
                module.isNamed() ? module.getName() : ProviderInfo.CLASS_PATH, locationOf(provider.getClass()));
    }

    /**
     * The version a module was built with (its descriptor's, or its jar manifest's on the class
     * path), for a provider's {@link Provider#version()}.
     */
    public static String versionOf(Class<?> type) {
        ModuleDescriptor descriptor = type.getModule().getDescriptor();
        String version = descriptor != null ? descriptor.rawVersion().orElse(null) : type.getPackage().getImplementationVersion();
        return version != null ? version : "unversioned";
    }

    private <P extends Provider> Map<String, P> load(Class<P> service) {
        Module host = PluginRegistry.class.getModule();
        host.addUses(service);               // the SPI may live in a module that depends on this one
        host.addReads(service.getModule());
        int expectedSpi = spiVersionOf(service);
        Map<String, List<P>> claims = new LinkedHashMap<>();
        for (P provider : instantiate(service)) {
            String problem = checked(service, provider, expectedSpi);
            if (problem != null) {
                report(new PluginProblem(locationOf(provider.getClass()), problem));
                continue;
            }
            List<P> claimants = claims.get(provider.type());
            if (claimants == null) {
                claimants = new ArrayList<>(1);
                claims.put(provider.type(), claimants);
            }
            claimants.add(provider);
        }
        Map<String, P> own = new LinkedHashMap<>();         // deepvec's own first, then the plugins'
        Map<String, P> plugins = new LinkedHashMap<>();
        for (Map.Entry<String, List<P>> claim : claims.entrySet()) {
            P chosen = claim.getValue().size() == 1 ? claim.getValue().get(0) : resolveDuplicate(service, claim.getKey(), claim.getValue());
            if (chosen != null) {
                (isOwn(chosen) ? own : plugins).put(claim.getKey(), chosen);
            }
        }
        own.putAll(plugins);
        return own;
    }

    /** deepvec's own provider of a type several claim, or null when only plugins claim it; every refused one reported. */
    private <P extends Provider> P resolveDuplicate(Class<P> service, String type, List<P> claimants) {
        P own = null;
        List<String> modules = new ArrayList<>();
        for (P p : claimants) {
            own = own == null && isOwn(p) ? p : own;
            ProviderInfo info = describe(service, p);
            modules.add(info.module() + " (" + info.location() + ")");
        }
        for (P p : claimants) {
            if (p != own) {
                report(new PluginProblem(locationOf(p.getClass()), kindOf(service) + " type '" + type + "' is provided by "
                        + String.join(" and by ", modules)
                        + (own != null ? "; it is deepvec's own, so the plugin's is refused" : "; both are refused, rename one")));
            }
        }
        return own;
    }

    private <P extends Provider> List<P> instantiate(Class<P> service) {
        List<P> found = new ArrayList<>();
        Set<Class<?>> classes = new HashSet<>();          // a class seen through two sources is one provider
        for (ProviderSource source : sources) {
            Iterator<ServiceLoader.Provider<P>> candidates = source.loader(service).stream().iterator();
            int errors = 0;
            while (errors < MAX_LOOKUP_ERRORS) {
                ServiceLoader.Provider<P> candidate;
                try {
                    if (!candidates.hasNext()) {
                        break;
                    }
                    candidate = candidates.next();
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {     // its class could not be loaded
                    errors++;
                    report(new PluginProblem(kindOf(service), "a provider could not be loaded: " + describeFailure(e)));
                    continue;
                }
                if (source.holds(candidate.type()) && classes.add(candidate.type())) {
                    try {
                        found.add(candidate.get());
                    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {     // its constructor failed
                        errors++;
                        report(new PluginProblem(locationOf(candidate.type()), candidate.type().getName() + " could not be created: "
                                + describeFailure(e)));
                    }
                }
            }
        }
        for (Provider provider : inCode) {
            if (service.isInstance(provider) && !classes.contains(provider.getClass())) {     // not found on the class path as well
                found.add(service.cast(provider));
            }
        }
        return found;
    }

    /** Null if the provider can be used, else why not. */
    private String checked(Class<?> service, Provider provider, int expectedSpi) {
        try {
            int spi = provider.spiVersion();
            String type = provider.type();
            String version = provider.version();
            if (spi != expectedSpi) {
                Module module = provider.getClass().getModule();
                return (module.isNamed() ? "module " + module.getName() : provider.getClass().getName()) + " was compiled against "
                        + kindOf(service) + " SPI version " + spi + ", but module " + service.getModule().getName() + " "
                        + versionOf(service) + " implements version " + expectedSpi + "; rebuild the plugin against this deepvec";
            }
            if (type == null || type.isBlank() || version == null || version.isBlank()) {
                return provider.getClass().getName() + " declares a blank type name or version";
            }
            return null;
        } catch (RuntimeException | LinkageError e) {
            return provider.getClass().getName() + " fails to describe itself (built against another deepvec?): " + describeFailure(e);
        }
    }

    private static int spiVersionOf(Class<?> service) {
        try {
            return service.getField("SPI_VERSION").getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(service.getName() + " declares no public int SPI_VERSION constant", e);
        }
    }

    private void report(PluginProblem problem) {
        LoggerFactory.getLogger(PluginRegistry.class).warn("plugin skipped: {}", problem);    // not at start-up: only on a problem
        problems.add(problem);
    }

    private static String describeFailure(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            message.append("; caused by ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return message.toString();
    }

    private static String kindOf(Class<?> service) {
        return service.getSimpleName();
    }

    /** The jar or folder a class was loaded from. */
    static String locationOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "(in code: " + type.getName() + ")" : source.getLocation().getPath();
    }
}
