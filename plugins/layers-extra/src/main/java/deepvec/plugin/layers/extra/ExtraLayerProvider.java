package deepvec.plugin.layers.extra;

import deepvec.nn.spi.LayerProvider;
import deepvec.nn.spi.PluginRegistry;

/** What this plugin's providers share: the plugin's version and the SPI version it was built against. */
abstract class ExtraLayerProvider implements LayerProvider {

    @Override
    public final String version() {
        return PluginRegistry.versionOf(ExtraLayerProvider.class);
    }

    @Override
    public final int spiVersion() {
        return SPI_VERSION;
    }
}
