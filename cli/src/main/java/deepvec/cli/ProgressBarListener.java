package deepvec.cli;

import deepvec.nn.train.EpochMetrics;
import deepvec.nn.train.TrainingListener;
import deepvec.nn.train.TrainingRun;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One console progress bar per epoch: batches done, rate, ETA and the running mean of the task's
 * first step metric (the loss). Closing it ends a bar left open by a run that failed mid-epoch,
 * so the error is printed on a line of its own.
 */
final class ProgressBarListener implements TrainingListener, AutoCloseable {

    private static final int SMOOTHING_BATCHES = 50;

    private ProgressBar bar;
    private double smoothed = Double.NaN;

    @Override
    public void onEpochStart(TrainingRun run, int epoch, int batches) {
        bar = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch, run.totalEpochs())).setInitialMax(batches)
                .setUnit(" batches", 1).showSpeed().setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(110)
                .setUpdateIntervalMillis(250).continuousUpdate().build();
    }

    @Override
    public void onBatchEnd(TrainingRun run, int epoch, int batch, Map<String, Double> metrics) {
        bar.stepTo(batch + 1);
        if (metrics.isEmpty()) {
            return;
        }
        Map.Entry<String, Double> first = metrics.entrySet().iterator().next();
        double a = 1.0 / Math.min(batch + 1, SMOOTHING_BATCHES);
        smoothed = Double.isNaN(smoothed) ? first.getValue() : (1 - a) * smoothed + a * first.getValue();
        bar.setExtraMessage(String.format(Locale.ROOT, "%s %.4f", first.getKey(), smoothed));
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics metrics) {
        close();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
