package deepvec.nn.train;

import deepvec.nn.autograd.Variable;
import deepvec.nn.data.Batch;
import deepvec.nn.data.Dataset;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.simd.Reduce;
import deepvec.simd.Tensor;
import java.util.Arrays;
import java.util.Map;

/** Mean softmax cross-entropy of logits [n, classes] at the labels, and the fraction of argmax hits. */
final class ClassificationObjective implements Objective {

    private final int classes;

    ClassificationObjective(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classification needs at least 2 classes, got " + classes);
        }
        this.classes = classes;
    }

    @Override
    public Variable loss(Variable output, Batch batch) {
        return Losses.crossEntropy(output, batch.labels(), Reduction.MEAN);
    }

    @Override
    public Map<String, Double> metrics(Tensor output, Batch batch) {
        int[] labels = batch.labels();
        return Map.of("accuracy", (double) correct(output, labels) / labels.length);     // per label: a sequence has one per step
    }

    /** Number of rows of {@code logits} whose argmax is the label. */
    private static long correct(Tensor logits, int[] labels) {
        int[] predicted = Reduce.argmax(logits, 1);
        long hits = 0;
        for (int i = 0; i < predicted.length; i++) {
            hits += predicted[i] == labels[i] ? 1 : 0;
        }
        return hits;
    }

    @Override
    public void check(Tensor output, Batch sample) {
        if (output.rank() != 2 || output.dim(1) != classes) {
            throw new IllegalArgumentException("classification into " + classes + " classes: the model's output has shape "
                    + Arrays.toString(output.shape()) + "; expected [n, " + classes + "] logits");
        }
        requireLabelsInRange(sample.labels());
    }

    @Override
    public void checkData(Dataset data) {
        requireLabelsInRange(data.labels());
    }

    private void requireLabelsInRange(int[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("classification: label of example " + i + " is " + labels[i] + "; expected 0 .. "
                        + (classes - 1));
            }
        }
    }
}
