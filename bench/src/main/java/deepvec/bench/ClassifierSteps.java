package deepvec.bench;

import deepvec.nn.data.Batch;
import deepvec.nn.layer.Sequential;
import deepvec.nn.optim.Adam;
import deepvec.nn.train.Objective;
import deepvec.nn.train.SupervisedTask;
import deepvec.simd.ComputePool;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Map;

/**
 * What the training benchmarks time, for a classifier of 784-pixel images into 10 classes: one
 * step of the trainer's classification task (Adam, learning rate 1e-3) on a fixed random batch,
 * and inference on the same batch, each on a pool of the given number of threads.
 */
final class ClassifierSteps implements AutoCloseable {

    private final Sequential model;
    private final SupervisedTask task;
    private final Batch batch;
    private final ComputePool pool;

    /** A batch of uniform pixels and uniformly random labels, drawn from {@code data} in that order. */
    ClassifierSteps(Sequential model, Rng data, int batchSize, int threads) {
        this.model = model;
        this.task = SupervisedTask.of(model, new Adam(model.namedParameters(), 1e-3f), Objective.classification(10));
        Tensor x = data.uniform(0f, 1f, batchSize, 784);
        int[] labels = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            labels[i] = data.nextInt(10);
        }
        this.batch = Batch.of(x, labels);
        this.pool = ComputePool.ofThreads(threads);
    }

    /** Forward, softmax cross-entropy (mean over the batch), backward and one update; returns the metrics. */
    Map<String, Double> train() {
        return pool.call(() -> task.step(batch));
    }

    /** The logits of a forward pass in evaluation mode, without recording gradients. */
    Tensor infer() {
        return pool.call(() -> model.predict(batch.features()));
    }

    @Override
    public void close() {
        pool.close();
    }
}
