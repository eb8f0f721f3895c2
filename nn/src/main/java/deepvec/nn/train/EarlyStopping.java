package deepvec.nn.train;

import deepvec.nn.autograd.Variable;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Early stopping (Deep Learning algorithm 7.1): after each epoch, if the validation loss is the
 * lowest so far, copy the parameters; after {@code patience} epochs without improvement, stop;
 * at the end of training, put the best parameters back. Needs a validation set.
 */
public final class EarlyStopping implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    private final int patience;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private List<float[]> bestParameters;

    /**
     * @param patience p, epochs without improvement before stopping (&gt;= 1)
     */
    public EarlyStopping(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1 epoch, got " + patience);
        }
        this.patience = patience;
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics metrics) {
        if (Double.isNaN(metrics.validationLoss())) {
            throw new IllegalStateException("early stopping needs a validation set; pass one to Trainer.fit");
        }
        if (metrics.validationLoss() < bestLoss) {
            bestLoss = metrics.validationLoss();
            bestEpoch = metrics.epoch();
            bestParameters = new ArrayList<>();
            for (Variable p : run.model().parameters()) {
                bestParameters.add(p.value().data().clone());
            }
        } else if (metrics.epoch() - bestEpoch >= patience) {
            run.requestStop("validation loss has not improved for " + patience + " epochs");
        }
    }

    @Override
    public void onTrainingEnd(TrainingRun run) {
        if (bestParameters == null) {
            return;
        }
        List<Variable> parameters = run.model().parameters();
        for (int i = 0; i < parameters.size(); i++) {
            float[] best = bestParameters.get(i);
            System.arraycopy(best, 0, parameters.get(i).value().data(), 0, best.length);
        }
        LOG.info("early stopping: restored the parameters of epoch {} (validation loss {})", bestEpoch, String.format("%.4f", bestLoss));
    }

    /** The epoch whose parameters are (or will be) restored; 0 before the first epoch. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Its validation loss. */
    public double bestLoss() {
        return bestLoss;
    }
}
