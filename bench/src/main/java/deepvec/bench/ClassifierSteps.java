package deepvec.bench;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Sequential;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.nn.optim.Adam;
import deepvec.nn.optim.Optimizer;
import deepvec.simd.ComputePool;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;

/**
 * What the training benchmarks time, for a classifier of 784-pixel images into 10 classes: one
 * Adam step (learning rate 1e-3) on a fixed random batch, and inference on the same batch, each
 * on a pool of the given number of threads.
 */
final class ClassifierSteps implements AutoCloseable {

    private final Sequential model;
    private final Optimizer optimizer;
    private final Tensor x;
    private final int[] labels;
    private final ComputePool pool;

    /** A batch of uniform pixels and uniformly random labels, drawn from {@code data} in that order. */
    ClassifierSteps(Sequential model, Rng data, int batch, int threads) {
        this.model = model;
        this.optimizer = new Adam(model.parameters(), 1e-3f);
        this.x = data.uniform(0f, 1f, batch, 784);
        this.labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = data.nextInt(10);
        }
        this.pool = ComputePool.ofThreads(threads);
    }

    /** Forward, softmax cross-entropy (mean over the batch), backward and one update; returns the loss. */
    Tensor train() {
        return pool.call(() -> {
            optimizer.zeroGrad();
            Variable loss = Losses.crossEntropy(model.forward(Variable.constant(x)), labels, Reduction.MEAN);
            loss.backward();
            optimizer.step();
            return loss.value();
        });
    }

    /** The logits of a forward pass without recording gradients. */
    Tensor infer() {
        return pool.call(() -> Autograd.noGrad(() -> model.forward(Variable.constant(x))).value());
    }

    @Override
    public void close() {
        pool.close();
    }
}
