package deepvec.nn.autograd;

import java.util.function.Supplier;

/**
 * Switches gradient recording off for a scope, as for evaluation or parameter updates: ops
 * computed inside {@link #noGrad} record no graph and return constants.
 */
public final class Autograd {

    private static final ScopedValue<Boolean> DISABLED = ScopedValue.newInstance();

    private Autograd() {
    }

    /** Whether ops record the graph on this thread now. */
    public static boolean isEnabled() {
        return !DISABLED.orElse(Boolean.FALSE);
    }

    /** Runs {@code body} without recording gradients. */
    public static void noGrad(Runnable body) {
        ScopedValue.where(DISABLED, Boolean.TRUE).run(body);
    }

    /** Computes {@code body} without recording gradients. */
    public static <T> T noGrad(Supplier<T> body) {
        return ScopedValue.where(DISABLED, Boolean.TRUE).call(body::get);
    }
}
