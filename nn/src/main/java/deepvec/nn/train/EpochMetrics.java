package deepvec.nn.train;

/**
 * What one epoch of training measured. Losses are mean cross-entropy in nats per example, without
 * penalties. The curvature terms are those of the second-order expansion of the cost along the
 * gradient, {@code J(theta - eps g) ~ J(theta) - eps g^T g + eps^2/2 g^T H g} (Deep Learning
 * eq. 4.9 and 8.10); NaN when curvature monitoring is off.
 *
 * @param epoch 1-based
 * @param trainLoss mean training loss over the epoch's batches, as they were trained on
 * @param trainAccuracy fraction of training examples classified correctly while training
 * @param validationLoss mean loss on the validation set after the epoch (NaN without one)
 * @param validationAccuracy accuracy on the validation set after the epoch (NaN without one)
 * @param gradientNorm mean over batches of the global gradient norm ||g||
 * @param gradientSquared g^T g on the monitoring batch
 * @param curvature g^T H g on the monitoring batch
 * @param learningRate the learning rate at the epoch's last step
 * @param seconds wall time of the epoch's training steps
 * @param examples examples trained on
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double validationLoss, double validationAccuracy,
        double gradientNorm, double gradientSquared, double curvature, double learningRate, double seconds, long examples) {

    /** Training throughput of the epoch in examples per second. */
    public double examplesPerSecond() {
        return examples / seconds;
    }
}
