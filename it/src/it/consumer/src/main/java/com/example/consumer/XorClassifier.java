package com.example.consumer;

import deepvec.nn.data.Dataset;
import deepvec.nn.layer.Activation;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Sequential;
import deepvec.nn.optim.Adam;
import deepvec.nn.train.Objective;
import deepvec.nn.train.SupervisedTask;
import deepvec.nn.train.Trainer;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;

/** What a user's code does with deepvec: a small network trained on XOR, the classic non-linear problem. */
public final class XorClassifier {

    private XorClassifier() {
    }

    /** The four XOR points, [4, 2]; their classes are {@link #LABELS}. */
    public static final Tensor POINTS = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);

    /** x1 XOR x2 for each of {@link #POINTS}. */
    public static final int[] LABELS = {0, 1, 1, 0};

    /** A 2-16-2 tanh network trained with Adam until it separates the four points. */
    public static Layer train(long seed) throws Exception {
        Rng rng = Rng.seeded(seed);
        Sequential model = new Sequential(new Linear(2, 16, rng), Activation.tanh(), new Linear(16, 2, rng));
        SupervisedTask task = SupervisedTask.of(model, new Adam(model.namedParameters(), 0.05f), Objective.classification(2));
        Trainer.builder(task).epochs(300).batchSize(4).seed(seed).build().fit(Dataset.of(POINTS, LABELS), null);
        return model;
    }

    /** The class with the larger score for each row of {@code scores} [N, 2]. */
    public static int[] classes(Tensor scores) {
        int[] classes = new int[scores.dim(0)];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = scores.get(i, 1) > scores.get(i, 0) ? 1 : 0;
        }
        return classes;
    }
}
