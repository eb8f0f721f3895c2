package deepvec.nn.train;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one line per epoch through slf4j with every metric the epoch has. */
public final class LoggingListener implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingListener.class);

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics m) {
        if (LOG.isInfoEnabled()) {
            LOG.info("epoch {}/{}: {}", m.epoch(), run.totalEpochs(), m.asMap().entrySet().stream()
                    .map(LoggingListener::format).collect(Collectors.joining(" ")));
        }
    }

    private static String format(Map.Entry<String, Double> metric) {
        return String.format(Locale.ROOT, "%s %.4g", metric.getKey(), metric.getValue());
    }
}
