package deepvec.peers;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.Random;

/**
 * The libtorch peer of deepvec's RecurrentTrainingBenchmark: the same row classifier (28 steps of
 * 28 pixels, an LSTM or GRU of 128 units, a linear layer to 10 classes on the last step), one Adam
 * step (lr 1e-3) on a fixed random batch of 64 and one inference pass, timed after warm-up in
 * half-second windows; samples/s as the median window and the best. libtorch's thread count is
 * fixed when its engine starts (system property ai.djl.pytorch.num_threads), so one run
 * measures one thread count.
 */
public final class LibtorchRnnPeer {

    private static final int BATCH = 64;
    private static final int STEPS = 28;
    private static final int FEATURES = 28;
    private static final int HIDDEN = 128;
    private static final int CLASSES = 10;

    private LibtorchRnnPeer() {
    }

    public static void main(String[] args) {
        Engine engine = Engine.getEngine("PyTorch");
        String threads = System.getProperty("ai.djl.pytorch.num_threads", "(libtorch default)");
        System.out.printf("libtorch %s through DJL %s, threads %s%n", engine.getVersion(), Engine.getDjlVersion(), threads);
        for (String cell : new String[] {"lstm", "gru"}) {
            double[] rates = measure(cell);
            System.out.printf("%s threads=%s train %7.0f samples/s (best %7.0f)  inference %7.0f samples/s (best %7.0f)%n", cell, threads,
                    rates[0], rates[1], rates[2], rates[3]);
        }
    }

    private static double[] measure(String cell) {
        Random random = new Random(1);
        float[] pixels = new float[BATCH * STEPS * FEATURES];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        float[] labels = new float[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = random.nextInt(CLASSES);
        }
        SequentialBlock net = new SequentialBlock()
                .add(cell.equals("lstm")
                        ? LSTM.builder().setStateSize(HIDDEN).setNumLayers(1).optBatchFirst(true).build()
                        : GRU.builder().setStateSize(HIDDEN).setNumLayers(1).optBatchFirst(true).build())
                .add(new LambdaBlock(outputs -> new NDList(outputs.singletonOrThrow().get(":, -1, :"))))
                .add(Linear.builder().setUnits(CLASSES).build());
        try (Model model = Model.newInstance(cell)) {
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, STEPS, FEATURES));
                NDManager manager = trainer.getManager();
                Runnable train = () -> {
                    try (NDManager step = manager.newSubManager()) {
                        NDArray x = step.create(pixels, new Shape(BATCH, STEPS, FEATURES));
                        NDArray y = step.create(labels, new Shape(BATCH));
                        try (GradientCollector gradients = trainer.newGradientCollector()) {
                            NDList predictions = trainer.forward(new NDList(x));
                            gradients.backward(trainer.getLoss().evaluate(new NDList(y), predictions));
                        }
                        trainer.step();
                    }
                };
                ParameterStore parameters = new ParameterStore(manager, false);
                Runnable infer = () -> {
                    try (NDManager step = manager.newSubManager()) {
                        NDArray x = step.create(pixels, new Shape(BATCH, STEPS, FEATURES));
                        net.forward(parameters, new NDList(x), false).singletonOrThrow().toFloatArray();
                    }
                };
                double[] training = secondsPerCall(train);
                double[] inference = secondsPerCall(infer);
                return new double[] {BATCH / training[0], BATCH / training[1], BATCH / inference[0], BATCH / inference[1]};
            }
        }
    }

    /**
     * Seconds per call, as the median and the best of fifteen half-second windows after twenty
     * calls and five seconds of warm-up: the statistics reported for deepvec's JMH iterations
     * of the same length, so that the shared machine's drift is seen the same way on both sides.
     */
    private static double[] secondsPerCall(Runnable call) {
        for (int i = 0; i < 20; i++) {
            call.run();
        }
        window(call, 5_000_000_000L);
        double[] windows = new double[15];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = window(call, 500_000_000L);
        }
        Arrays.sort(windows);
        return new double[] {windows[windows.length / 2], windows[0]};
    }

    /** Mean seconds per call over a window of about {@code nanos}. */
    private static double window(Runnable call, long nanos) {
        long start = System.nanoTime();
        long calls = 0;
        while (System.nanoTime() - start < nanos) {
            call.run();
            calls++;
        }
        return (System.nanoTime() - start) * 1e-9 / calls;
    }
}
