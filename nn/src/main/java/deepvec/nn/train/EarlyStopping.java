package deepvec.nn.train;

import deepvec.nn.autograd.Variable;
import deepvec.nn.checkpoint.Stateful;
import deepvec.nn.checkpoint.StoredTensor;
import deepvec.simd.IntTensor;
import deepvec.simd.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
public final class EarlyStopping implements TrainingListener, Stateful {

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

    @Override
    public Map<String, StoredTensor> saveState() {
        Map<String, StoredTensor> state = new LinkedHashMap<>();
        state.put("best", StoredTensor.ofDoubles(new double[] {best}, 1));
        state.put("best_epoch", StoredTensor.of(IntTensor.vector(bestEpoch)));
        if (bestParameters != null) {
            for (int i = 0; i < bestParameters.size(); i++) {
                state.put("parameters/" + i, StoredTensor.of(Tensor.of(bestParameters.get(i).clone(), bestParameters.get(i).length)));
            }
        }
        return state;
    }

    @Override
    public Runnable prepareRestore(Map<String, StoredTensor> state) {
        if (!state.containsKey("best") || !state.containsKey("best_epoch") || state.get("best").size() != 1
                || state.get("best_epoch").size() != 1) {
            throw new IllegalArgumentException("early stopping state needs 'best' and 'best_epoch' of one value each, has "
                    + state.keySet());
        }
        double savedBest = state.get("best").doubles()[0];
        int savedEpoch = state.get("best_epoch").ints().get(0);
        List<float[]> saved = new ArrayList<>();
        for (int i = 0; state.containsKey("parameters/" + i); i++) {
            saved.add(state.get("parameters/" + i).toTensor().data());
        }
        if (state.size() != 2 + saved.size()) {
            throw new IllegalArgumentException("early stopping state holds " + state.keySet() + "; expected best, best_epoch and "
                    + "parameters/0 to parameters/" + (saved.size() - 1));
        }
        if (savedEpoch < 0 || (savedEpoch > 0) == saved.isEmpty()) {
            throw new IllegalArgumentException("early stopping state of epoch " + savedEpoch + " with " + saved.size()
                    + " saved parameters");
        }
        return () -> {
            best = savedBest;
            bestEpoch = savedEpoch;
            bestParameters = saved.isEmpty() ? null : saved;
        };
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
