package deepvec.nn.train;

import deepvec.nn.autograd.Variable;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Early stopping (Deep Learning algorithm 7.1): after each epoch, if the monitored metric is the
 * best so far, copy the parameters of every model of the task; after {@code patience} epochs
 * without improvement, stop; at the end of training, put the best parameters back.
 *
 * <pre>{@code
 * new EarlyStopping("validation.loss", Goal.MINIMIZE, 5)
 * }</pre>
 */
public final class EarlyStopping implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    /** Whether smaller or larger values of the monitored metric are better. */
    public enum Goal {
        MINIMIZE, MAXIMIZE
    }

    private final String metric;
    private final Goal goal;
    private final int patience;
    private double best = Double.NaN;
    private int bestEpoch;
    private List<float[]> bestParameters;

    /**
     * @param metric the epoch metric to watch, such as {@code validation.loss}
     * @param patience p, epochs without improvement before stopping (&gt;= 1)
     */
    public EarlyStopping(String metric, Goal goal, int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1 epoch, got " + patience);
        }
        this.metric = metric;
        this.goal = goal;
        this.patience = patience;
    }

    /** Watches {@code validation.loss}, smaller is better. */
    public EarlyStopping(int patience) {
        this("validation.loss", Goal.MINIMIZE, patience);
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics metrics) {
        if (!metrics.has(metric)) {
            throw new IllegalStateException("early stopping watches '" + metric + "', which this run does not report"
                    + (metric.startsWith("validation.") ? " (pass a validation set to Trainer.fit)" : "")
                    + "; it reports " + metrics.asMap().keySet());
        }
        double value = metrics.get(metric);
        if (bestEpoch == 0 || (goal == Goal.MINIMIZE ? value < best : value > best)) {
            best = value;
            bestEpoch = metrics.epoch();
            bestParameters = new ArrayList<>();
            for (Variable p : parametersOf(run)) {
                bestParameters.add(p.value().data().clone());
            }
        } else if (metrics.epoch() - bestEpoch >= patience) {
            run.requestStop(metric + " has not improved for " + patience + " epochs");
        }
    }

    @Override
    public void onTrainingEnd(TrainingRun run) {
        if (bestParameters == null) {
            return;
        }
        List<Variable> parameters = parametersOf(run);
        for (int i = 0; i < parameters.size(); i++) {
            float[] saved = bestParameters.get(i);
            System.arraycopy(saved, 0, parameters.get(i).value().data(), 0, saved.length);
            parameters.get(i).markModified();
        }
        LOG.info("early stopping: restored the parameters of epoch {} ({} {})", bestEpoch, metric, String.format("%.4f", best));
    }

    private static List<Variable> parametersOf(TrainingRun run) {
        List<Variable> all = new ArrayList<>();
        run.task().models().values().forEach(m -> all.addAll(m.parameters()));
        return all;
    }

    /** The epoch whose parameters are (or will be) restored; 0 before the first epoch. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Its value of the monitored metric. */
    public double best() {
        return best;
    }
}
