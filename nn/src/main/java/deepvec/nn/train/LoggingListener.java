package deepvec.nn.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one line per epoch through slf4j: losses, accuracies, gradient norm, curvature, throughput. */
public final class LoggingListener implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingListener.class);

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics m) {
        LOG.info(String.format("epoch %d/%d: train loss %.4f acc %.4f | validation loss %.4f acc %.4f | ||g|| %.3f"
                        + " g'g %.3g g'Hg %.3g | lr %.3g | %.0f examples/s",
                m.epoch(), run.totalEpochs(), m.trainLoss(), m.trainAccuracy(), m.validationLoss(), m.validationAccuracy(),
                m.gradientNorm(), m.gradientSquared(), m.curvature(), m.learningRate(), m.examplesPerSecond()));
    }
}
