package deepvec.nn.spi;

/**
 * A plugin or provider that was reported and skipped: a jar whose {@code module-info} and
 * {@code META-INF/services} disagree, a module that does not resolve, a provider whose class
 * cannot be loaded or whose constructor throws, one built against another SPI version, or a type
 * name claimed twice.
 *
 * @param location the jar (or module) at fault
 * @param message what was wrong and what was expected
 */
public record PluginProblem(String location, String message) {

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
