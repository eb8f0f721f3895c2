package deepvec.nn.train;

import java.util.Map;

/**
 * Callbacks from a {@link Trainer}: progress display, logging, metric files, early stopping,
 * checkpoints. Every method has an empty default; listeners run on the training thread, in the
 * order they were added.
 */
public interface TrainingListener {

    /** Before the first epoch of this run (which may be a resumed one). */
    default void onTrainingStart(TrainingRun run) {
    }

    /** Before an epoch's first batch; {@code epoch} is 1-based. */
    default void onEpochStart(TrainingRun run, int epoch, int batches) {
    }

    /** After each optimisation step, with the step's metrics (such as {@code loss}). */
    default void onBatchEnd(TrainingRun run, int epoch, int batch, Map<String, Double> metrics) {
    }

    /** After an epoch, with its metrics (validation included). */
    default void onEpochEnd(TrainingRun run, EpochMetrics metrics) {
    }

    /** After the last epoch, or after a stop request. */
    default void onTrainingEnd(TrainingRun run) {
    }
}
