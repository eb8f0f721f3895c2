package deepvec.nn.train;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.Variable;
import deepvec.nn.data.Batch;
import deepvec.nn.data.DataLoader;
import deepvec.nn.data.Dataset;
import deepvec.nn.layer.Layer;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.nn.regularize.FastGradientSign;
import deepvec.simd.Reduce;
import deepvec.simd.Tensor;

/**
 * A classifier's mean cross-entropy, accuracy and confusion matrix on a labelled dataset, in
 * evaluation mode (dropout off, running statistics).
 *
 * @param loss mean cross-entropy in nats per example
 * @param accuracy fraction classified correctly
 * @param confusion counts [true class][predicted class]
 */
public record Evaluation(double loss, double accuracy, long[][] confusion) {

    /** Evaluates on clean inputs. */
    public static Evaluation of(Layer model, Dataset data, int classes, int batchSize) {
        return run(model, data, classes, batchSize, 0f);
    }

    /**
     * Evaluates on adversarial examples made by the fast gradient sign method with max-norm
     * {@code epsilon} against this model (a robustness figure, Deep Learning section 7.13).
     */
    public static Evaluation underAttack(Layer model, Dataset data, int classes, int batchSize, float epsilon) {
        return run(model, data, classes, batchSize, epsilon);
    }

    /** Number of examples evaluated. */
    public long examples() {
        long n = 0;
        for (long[] row : confusion) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    private static Evaluation run(Layer model, Dataset data, int classes, int batchSize, float epsilon) {
        long[][] confusion = new long[classes][classes];
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        for (Batch batch : DataLoader.sequential(data, batchSize).epoch(0)) {
            int[] labels = batch.labels();
            Tensor x = epsilon > 0f ? FastGradientSign.perturb(model, batch.features(),
                    out -> Losses.crossEntropy(out, labels, Reduction.MEAN), epsilon) : batch.features();
            Tensor logits = model.predict(x);
            requireFinite(logits, seen);
            seen += batch.size();
            lossSum += batch.size() * (double) Autograd.noGrad(() -> Losses.crossEntropy(Variable.constant(logits), labels,
                    Reduction.MEAN)).value().get(0);
            int[] predicted = Reduce.argmax(logits, 1);
            for (int i = 0; i < predicted.length; i++) {
                confusion[labels[i]][predicted[i]]++;
                correct += predicted[i] == labels[i] ? 1 : 0;
            }
        }
        return new Evaluation(lossSum / data.size(), (double) correct / data.size(), confusion);
    }

    /** Refuses to score NaN or infinite outputs: their loss and argmax would mean nothing. */
    private static void requireFinite(Tensor logits, int firstExample) {
        Tensor dense = logits.contiguous();
        float[] values = dense.data();
        int perExample = dense.size() / Math.max(1, dense.dim(0));
        for (int i = 0; i < dense.size(); i++) {
            if (!Float.isFinite(values[dense.offset() + i])) {
                throw new IllegalStateException("the model's output for example " + (firstExample + i / perExample) + " holds "
                        + values[dense.offset() + i] + "; a model with NaN or infinite outputs cannot be evaluated (its parameters diverged, "
                        + "or the input holds extreme values)");
            }
        }
    }
}
