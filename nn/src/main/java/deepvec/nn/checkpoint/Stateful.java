package deepvec.nn.checkpoint;

import java.util.Map;

/**
 * State that is not a layer's but belongs in a checkpoint: early stopping's best parameters, a
 * vocabulary, a fitted PCA. Restoring is two-phase, so a checkpoint of several components
 * changes none of them unless all fit: {@link #prepareRestore} checks and returns the action
 * that applies the state.
 */
public interface Stateful {

    /** The state by name, as tensors of any stored dtype; a snapshot, not live views. */
    Map<String, StoredTensor> saveState();

    /**
     * Checks {@code state} (as {@link #saveState} wrote it) without changing anything and returns
     * what applies it.
     *
     * @throws IllegalArgumentException if the state does not fit this object, naming what is wrong
     */
    Runnable prepareRestore(Map<String, StoredTensor> state);
}
