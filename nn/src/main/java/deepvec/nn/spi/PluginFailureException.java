package deepvec.nn.spi;

/** A plugin's factory threw while building what a configuration asked for; the message names the plugin. */
public final class PluginFailureException extends RuntimeException {

    public PluginFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
