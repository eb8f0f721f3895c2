package deepvec.nn.train;

import java.util.List;

/** What listeners see of a training run in progress, and the one thing they may do: stop it. */
public interface TrainingRun {

    /** The task being trained: its models and optimisers. */
    TrainingTask task();

    /** The metrics of the epochs finished in this run, in order. */
    List<EpochMetrics> history();

    /** The number of epochs the run will train unless stopped. */
    int totalEpochs();

    /** Ends training after the current epoch. */
    void requestStop(String reason);
}
