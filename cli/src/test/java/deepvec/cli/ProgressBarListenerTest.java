package deepvec.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.train.EpochMetrics;
import deepvec.nn.train.TrainingRun;
import deepvec.nn.train.TrainingTask;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProgressBarListenerTest {

    /** Only what the listener reads: the epoch count. */
    private static final TrainingRun RUN = new TrainingRun() {
        @Override
        public TrainingTask task() {
            throw new AssertionError("not read");
        }

        @Override
        public List<EpochMetrics> history() {
            return List.of();
        }

        @Override
        public int totalEpochs() {
            return 3;
        }

        @Override
        public void requestStop(String reason) {
            throw new AssertionError("not called");
        }
    };

    /** Without a terminal (a log, CI) progress is whole lines, a few per epoch, never carriage-return frames. */
    @Test
    void withoutATerminalEachUpdateIsOnePlainLine() throws InterruptedException {
        List<String> lines = new CopyOnWriteArrayList<>();
        ProgressBarListener listener = new ProgressBarListener(lines::add, 100);
        int batches = 30;
        listener.onEpochStart(RUN, 2, batches);
        for (int b = 0; b < batches; b++) {
            Thread.sleep(10);
            listener.onBatchEnd(RUN, 2, b, Map.of("loss", 0.5));
        }
        listener.onEpochEnd(RUN, null);
        assertFalse(lines.isEmpty());
        assertTrue(lines.size() <= 10, "about one line per 100 ms of a 300 ms epoch, got " + lines.size() + ": " + lines);
        for (String line : lines) {
            assertFalse(line.contains("\r") || line.contains("\n"), line);
            assertTrue(line.startsWith("epoch 2/3"), line);
        }
        String last = lines.getLast();
        assertTrue(last.contains("30/30 batches") && last.contains(" loss 0.5000"), last);
    }
}
