package deepvec.nn.train;

import deepvec.nn.autograd.Variable;
import deepvec.nn.data.Batch;
import deepvec.nn.data.Dataset;
import deepvec.simd.Tensor;
import java.util.Map;

/**
 * The loss of a {@link SupervisedTask}: what the model reads from a batch, the differentiable
 * data loss of its output, the metrics reported beside the loss, and the check that a model's
 * output fits the data.
 */
public interface Objective {

    /** The float field of the batch fed to the model (default {@value Dataset#FEATURES}). */
    default String input() {
        return Dataset.FEATURES;
    }

    /** The data loss of the model's output on {@code batch}, a one-element value (mean over the examples). */
    Variable loss(Variable output, Batch batch);

    /** Metrics besides the loss, each a mean over the batch's examples (accuracy). */
    default Map<String, Double> metrics(Tensor output, Batch batch) {
        return Map.of();
    }

    /**
     * Checks, before training, that the model's output for the first examples of the training
     * data fits this objective and that the examples hold what it reads.
     *
     * @param output the model's output on {@code sample}
     * @param sample the first training examples
     * @throws IllegalArgumentException if they do not fit, naming what was expected
     */
    void check(Tensor output, Batch sample);

    /**
     * Checks every example of a whole dataset without running the model (labels in range),
     * before training.
     *
     * @throws IllegalArgumentException naming the first example that does not fit
     */
    default void checkData(Dataset data) {
    }

    /**
     * Softmax cross-entropy over {@code classes} classes of the {@value Dataset#LABELS} field
     * (Deep Learning eq. 6.30), reporting accuracy as well.
     */
    static Objective classification(int classes) {
        return new ClassificationObjective(classes);
    }

    /** Mean squared error against the {@value Dataset#TARGETS} field (eq. 5.14). */
    static Objective meanSquaredError() {
        return new RegressionObjective(false);
    }

    /**
     * The negative log-likelihood of the {@value Dataset#TARGETS} field under a Gaussian whose
     * mean and log-variance the model outputs side by side, [n, 2d] for targets [n, d]
     * (the heteroscedastic Gaussian output unit of section 6.2.2.4).
     */
    static Objective gaussianNegativeLogLikelihood() {
        return new RegressionObjective(true);
    }

    /**
     * Reconstruction of the input (an autoencoder, chapter 14): the mean squared error between
     * the model's output and its own {@value Dataset#FEATURES}.
     */
    static Objective reconstruction() {
        return new ReconstructionObjective();
    }
}
