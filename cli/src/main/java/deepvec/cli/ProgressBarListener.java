package deepvec.cli;

import deepvec.nn.train.EpochMetrics;
import deepvec.nn.train.TrainingListener;
import deepvec.nn.train.TrainingRun;
import java.io.Console;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress per epoch: batches done, rate, ETA and the running mean of the task's first step
 * metric (the loss). On a terminal, one bar redrawn in place; otherwise (a log file, a pipe, CI)
 * one plain line through slf4j every {@value #LOG_INTERVAL_MILLIS} ms and at the end of the
 * epoch, never a carriage-return frame. Closing it ends a bar left open by a run that failed
 * mid-epoch, so the error is printed on a line of its own.
 */
final class ProgressBarListener implements TrainingListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressBarListener.class);
    private static final int SMOOTHING_BATCHES = 50;
    private static final int TERMINAL_INTERVAL_MILLIS = 250;
    private static final int LOG_INTERVAL_MILLIS = 10_000;
    private static final int WIDTH = 110;

    private final Consumer<String> lines;      // null: a bar on the terminal
    private final int intervalMillis;
    private ProgressBar bar;
    private double smoothed = Double.NaN;

    /** A bar on a terminal, log lines anywhere else. */
    ProgressBarListener() {
        this(isTerminal() ? null : LOG::info, isTerminal() ? TERMINAL_INTERVAL_MILLIS : LOG_INTERVAL_MILLIS);
    }

    /** Progress as lines given to {@code lines} every {@code intervalMillis}; null {@code lines} draws a bar on the terminal. */
    ProgressBarListener(Consumer<String> lines, int intervalMillis) {
        this.lines = lines;
        this.intervalMillis = intervalMillis;
    }

    private static boolean isTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public void onEpochStart(TrainingRun run, int epoch, int batches) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch, run.totalEpochs()))
                .setInitialMax(batches).setUnit(" batches", 1).showSpeed().setStyle(ProgressBarStyle.ASCII)
                .setMaxRenderedLength(WIDTH).setUpdateIntervalMillis(intervalMillis);
        bar = (lines == null ? builder.continuousUpdate() : builder.setConsumer(new DelegatingProgressBarConsumer(lines, WIDTH))).build();
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
        bar.setExtraMessage(String.format(Locale.ROOT, " %s %.4f", first.getKey(), smoothed));
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
