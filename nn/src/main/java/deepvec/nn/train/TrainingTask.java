package deepvec.nn.train;

import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.data.Batch;
import deepvec.nn.data.Dataset;
import deepvec.nn.layer.Layer;
import deepvec.nn.optim.Optimizer;
import deepvec.simd.random.Rng;
import java.util.Map;

/**
 * What a {@link Trainer} trains: one optimisation step on a batch, and how to measure a model on
 * held-out data. The trainer owns the loop around it (epochs, learning-rate schedules,
 * listeners, progress, checkpoints, early stopping, resume); the task owns the objective, the
 * forward and backward passes and the updates. {@link SupervisedTask} covers classification,
 * regression and reconstruction; {@link GanTask} trains two models with two optimisers; a
 * contrastive-divergence or distributed task fits the same contract by setting gradients with
 * {@link deepvec.nn.autograd.Variable#accumulateGrad} before stepping.
 *
 * <p>Metrics are named values. Step metrics are means over the batch's examples (the trainer
 * averages them over the epoch weighted by batch size and reports them as {@code train.<name>});
 * evaluation metrics become {@code validation.<name>}.
 */
public interface TrainingTask {

    /** The models this task trains, by name; checkpoints save each, early stopping restores each. */
    Map<String, Layer> models();

    /** The optimisers, by name; the trainer applies its learning-rate schedule to each before every step. */
    Map<String, Optimizer> optimizers();

    /** Random generators the task draws from itself (not its models'), saved in checkpoints. */
    default Map<String, Rng> generators() {
        return Map.of();
    }

    /** What a checkpoint of this task holds: its models, optimisers and generators. */
    default Checkpoint.Components components() {
        return new Checkpoint.Components(models(), optimizers(), generators(), Map.of());
    }

    /**
     * Called once before the first epoch with the first training examples (up to 512): checks
     * that they have the fields the task reads and that the models' outputs fit them, with a
     * clear error if not.
     *
     * @throws IllegalArgumentException if the data or models do not fit the task
     */
    default void prepare(Batch sample) {
    }

    /**
     * Called once before the first epoch with each whole in-memory dataset (training and
     * validation): cheap checks of every example that need no model run, such as labels in
     * range, so bad data is refused before training rather than at the batch that holds it.
     *
     * @throws IllegalArgumentException naming the first example that does not fit
     */
    default void checkData(Dataset data) {
    }

    /** One optimisation step on {@code batch}; returns its metrics, each a mean over the batch's examples. */
    Map<String, Double> step(Batch batch);

    /** Metrics measured once after each epoch's steps (curvature along the gradient, say), reported as named. */
    default Map<String, Double> afterEpoch() {
        return Map.of();
    }

    /** The task's metrics on {@code data}, models in evaluation mode and without recording gradients. */
    Map<String, Double> evaluate(Dataset data);
}
