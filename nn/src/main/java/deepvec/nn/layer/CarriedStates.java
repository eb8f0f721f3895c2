package deepvec.nn.layer;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Recurrent states carried from one forward pass to the next, for truncated back-propagation
 * through time over a long stream (Deep Learning section 10.2.2): each batch continues the rows
 * of the one before, every {@link RecurrentLayer} bound to this carrier starts from the state
 * its previous call ended in, and gradients stop at the batch boundary (the carried state is
 * detached). The states live here, not in the layers, and are bound for the extent of a call
 * as a {@link ScopedValue}, as {@link ForwardContext} is: a layer outside any carrier starts
 * from zeros.
 *
 * <pre>{@code
 * CarriedStates carried = new CarriedStates();
 * for (Batch batch : batchesInStreamOrder) {
 *     Variable logits = carried.call(() -> model.forward(x(batch)));   // starts where the last batch ended
 *     ...
 * }
 * carried.reset();                                                     // a new pass over the stream
 * }</pre>
 */
public final class CarriedStates {

    private static final ScopedValue<CarriedStates> CURRENT = ScopedValue.newInstance();

    private final Map<RecurrentLayer, RecurrentLayer.State> states = new IdentityHashMap<>();

    /** Computes {@code body} with this carrier bound. */
    public <T> T call(Supplier<T> body) {
        return ScopedValue.where(CURRENT, this).call(body::get);
    }

    /** Forgets every state: the next call starts from zeros. */
    public synchronized void reset() {
        states.clear();
    }

    /** The carrier bound on this thread, or null. */
    static CarriedStates current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /**
     * The state {@code layer} ended its last call in, or null before its first.
     *
     * @throws IllegalStateException if that call had another number of rows
     */
    synchronized RecurrentLayer.State initial(RecurrentLayer layer, int rows) {
        RecurrentLayer.State state = states.get(layer);
        if (state != null && state.hidden().value().dim(0) != rows) {
            throw new IllegalStateException("carried recurrent state: the previous batch had " + state.hidden().value().dim(0)
                    + " rows and this one has " + rows + "; a carried stream keeps one row per stream (reset between streams)");
        }
        return state;
    }

    /** Keeps {@code last}, cut from its graph, for the layer's next call. */
    synchronized void keep(RecurrentLayer layer, RecurrentLayer.State last) {
        states.put(layer, last.detached());
    }
}
