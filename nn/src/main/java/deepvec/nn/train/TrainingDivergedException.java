package deepvec.nn.train;

/**
 * A training run whose step produced a non-finite metric (a NaN or infinite loss or gradient
 * norm): the parameters are no longer meaningful, so the trainer stops instead of training on
 * and reporting numbers computed from NaN. The message names the epoch, the step, the metric,
 * the learning rates and what to try.
 */
public final class TrainingDivergedException extends RuntimeException {

    private final int epoch;
    private final int batch;

    public TrainingDivergedException(int epoch, int batch, String message) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The 1-based epoch of the step that diverged. */
    public int epoch() {
        return epoch;
    }

    /** The 0-based index of the batch within its epoch. */
    public int batch() {
        return batch;
    }
}
