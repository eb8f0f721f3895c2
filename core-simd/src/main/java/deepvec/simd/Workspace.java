package deepvec.simd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Storage reused from one call of a repeated computation to the next, such as the steps of a
 * training loop: while {@link #call} runs, {@link Tensor#zeros} on this thread takes its array
 * from the arrays the previous call used (zeroed again) instead of allocating, so a training
 * step with the same shapes as the last allocates nothing for its activations and gradients.
 *
 * <p>The contract that makes this safe: a tensor created inside a call is garbage once the next
 * call starts, so nothing created inside may be kept across calls (copy what must be kept, as
 * {@link Tensor#copy()} and {@link Tensor#toArray()} always allocate). Tensors created outside
 * any call, and on other threads, are ordinary. One workspace serves one thread at a time.
 */
public final class Workspace {

    private static final ScopedValue<Workspace> CURRENT = ScopedValue.newInstance();

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final List<float[]> lent = new ArrayList<>();
    private boolean inCall;

    /**
     * Runs {@code body} with this workspace; the arrays of the previous call are reused from now on.
     *
     * @throws IllegalStateException if this workspace is already in a call (its arrays are in use)
     */
    public <T> T call(Supplier<T> body) {
        if (inCall) {
            throw new IllegalStateException("this workspace is already in a call; a nested computation needs a workspace of its own");
        }
        for (float[] array : lent) {
            free.computeIfAbsent(array.length, n -> new ArrayDeque<>()).push(array);
        }
        lent.clear();
        inCall = true;
        try {
            return ScopedValue.where(CURRENT, this).call(body::get);
        } finally {
            inCall = false;
        }
    }

    /** Whether a {@link #call} of this workspace is running. */
    public boolean inCall() {
        return inCall;
    }

    /** A zeroed array of {@code n} floats: a reused one inside a call, a new one outside. */
    static float[] zeros(int n) {
        return take(n, true);
    }

    /**
     * An array of {@code n} floats holding whatever the previous call left in it (zeros when it is
     * new): for a caller that writes every element before it reads any, so zeroing would be wasted.
     */
    static float[] scratch(int n) {
        return take(n, false);
    }

    private static float[] take(int n, boolean zeroed) {
        if (!CURRENT.isBound()) {
            return new float[n];
        }
        Workspace workspace = CURRENT.get();
        ArrayDeque<float[]> sized = workspace.free.get(n);
        float[] array;
        if (sized == null || sized.isEmpty()) {
            array = new float[n];
        } else {
            array = sized.pop();
            if (zeroed) {
                Arrays.fill(array, 0f);
            }
        }
        workspace.lent.add(array);
        return array;
    }
}
