package deepvec.cli;

import deepvec.nn.train.EpochMetrics;
import deepvec.nn.train.TrainingListener;
import deepvec.nn.train.TrainingRun;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** One console progress bar per epoch: batches done, rate, ETA and the running loss. */
final class ProgressBarListener implements TrainingListener {

    private static final int LOSS_SMOOTHING_BATCHES = 50;

    private ProgressBar bar;
    private double smoothedLoss = Double.NaN;

    @Override
    public void onEpochStart(TrainingRun run, int epoch, int batches) {
        bar = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch, run.totalEpochs())).setInitialMax(batches)
                .setUnit(" batches", 1).showSpeed().setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(110)
                .setUpdateIntervalMillis(250).continuousUpdate().build();
    }

    @Override
    public void onBatchEnd(TrainingRun run, int epoch, int batch, double loss) {
        double a = 1.0 / Math.min(batch + 1, LOSS_SMOOTHING_BATCHES);
        smoothedLoss = Double.isNaN(smoothedLoss) ? loss : (1 - a) * smoothedLoss + a * loss;
        bar.stepTo(batch + 1);
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", smoothedLoss));
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics metrics) {
        bar.close();
    }
}
