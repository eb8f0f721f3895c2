package deepvec.nn.spi;

import java.util.ServiceLoader;

/** Where a {@link PluginRegistry} looks for providers: the application's own loader, or a plugin folder. */
interface ProviderSource {

    /** A service loader over this source (it may also see the sources it builds on). */
    <P> ServiceLoader<P> loader(Class<P> service);

    /** Whether a provider class found by {@link #loader} belongs to this source itself. */
    boolean holds(Class<?> providerClass);

    /** The application's class and module path, as the loader of deepvec's own classes sees it. */
    static ProviderSource application() {
        ClassLoader loader = PluginRegistry.class.getClassLoader();
        return new ProviderSource() {
            @Override
            public <P> ServiceLoader<P> loader(Class<P> service) {
                return ServiceLoader.load(service, loader);
            }

            @Override
            public boolean holds(Class<?> providerClass) {
                return true;
            }
        };
    }

    /** The modules of a plugin folder's layer, not those of the layers it builds on. */
    static ProviderSource of(ModuleLayer layer) {
        return new ProviderSource() {
            @Override
            public <P> ServiceLoader<P> loader(Class<P> service) {
                return ServiceLoader.load(layer, service);
            }

            @Override
            public boolean holds(Class<?> providerClass) {
                return providerClass.getModule().getLayer() == layer;
            }
        };
    }

    /** The jars of a plugin folder on a class loader of their own (deepvec itself on the class path). */
    static ProviderSource of(ClassLoader pluginLoader) {
        return new ProviderSource() {
            @Override
            public <P> ServiceLoader<P> loader(Class<P> service) {
                return ServiceLoader.load(service, pluginLoader);
            }

            @Override
            public boolean holds(Class<?> providerClass) {
                return providerClass.getClassLoader() == pluginLoader;
            }
        };
    }
}
