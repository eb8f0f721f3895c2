package deepvec.bench;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Sequential;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.nn.optim.Optimizer;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;

/** What the training benchmarks time: one optimiser step of a classifier, and its inference. */
final class ClassifierSteps {

    private ClassifierSteps() {
    }

    /** Forward, softmax cross-entropy (mean over the batch), backward and one update; returns the loss. */
    static Tensor train(Sequential model, Optimizer optimizer, Tensor x, int[] labels) {
        optimizer.zeroGrad();
        Variable loss = Losses.crossEntropy(model.forward(Variable.constant(x)), labels, Reduction.MEAN);
        loss.backward();
        optimizer.step();
        return loss.value();
    }

    /** The logits of a forward pass without recording gradients. */
    static Tensor infer(Sequential model, Tensor x) {
        return Autograd.noGrad(() -> model.forward(Variable.constant(x))).value();
    }

    /** Uniformly random class labels. */
    static int[] labels(Rng rng, int count, int classes) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = rng.nextInt(classes);
        }
        return labels;
    }
}
