package deepvec.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.data.Batch;
import deepvec.nn.data.Curriculum;
import deepvec.nn.data.Dataset;
import deepvec.nn.data.ImageAugmentation;
import deepvec.nn.layer.Activation;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Sequential;
import deepvec.nn.optim.Adam;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seeded image augmentation and the easy-to-hard curriculum, alone and inside the trainer. */
class AugmentationCurriculumTest {

    @Test
    void eachImageIsShiftedOrMirroredCopyOfItselfAndLabelsStay() {
        int side = 5;
        Tensor x = Tensor.zeros(40, side * side);
        for (int n = 0; n < 40; n++) {
            for (int p = 0; p < side * side; p++) {
                x.data()[n * side * side + p] = 1 + p + 100 * n;   // every pixel distinct
            }
        }
        int[] labels = new int[40];
        Arrays.setAll(labels, i -> i % 3);
        ImageAugmentation augmentation = new ImageAugmentation(1, side, side, 1, 0.5f, -1f);
        Batch out = augmentation.apply(Batch.of(x, labels), Rng.seeded(1));
        assertArrayEquals(labels, out.labels());
        int flipped = 0;
        int shifted = 0;
        for (int n = 0; n < 40; n++) {
            boolean matched = false;
            for (int dy = -1; dy <= 1 && !matched; dy++) {
                for (int dx = -1; dx <= 1 && !matched; dx++) {
                    for (boolean flip : new boolean[] {false, true}) {
                        if (matches(x, out.features(), n, side, dy, dx, flip)) {
                            matched = true;
                            flipped += flip ? 1 : 0;
                            shifted += dy != 0 || dx != 0 ? 1 : 0;
                            break;
                        }
                    }
                }
            }
            assertTrue(matched, "image " + n + " is no shift or mirror of its input");
        }
        assertTrue(flipped > 5 && flipped < 35, "flipped " + flipped + " of 40");
        assertTrue(shifted > 20, "shifted " + shifted + " of 40");
        assertArrayEquals(out.features().toArray(), augmentation.apply(Batch.of(x, labels), Rng.seeded(1)).features().toArray());
        assertFalse(Arrays.equals(out.features().toArray(), augmentation.apply(Batch.of(x, labels), Rng.seeded(2)).features().toArray()));
        assertThrows(IllegalArgumentException.class, () -> augmentation.apply(Batch.of(Tensor.zeros(2, 24), new int[2]), Rng.seeded(1)));
    }

    private static boolean matches(Tensor in, Tensor out, int n, int side, int dy, int dx, boolean flip) {
        for (int h = 0; h < side; h++) {
            for (int w = 0; w < side; w++) {
                int sh = h - dy;
                int sw = (flip ? side - 1 - w : w) - dx;
                float expected = sh < 0 || sh >= side || sw < 0 || sw >= side ? -1f : in.get(n, sh * side + sw);
                if (out.get(n, h * side + w) != expected) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void curriculumPoolsGrowFromTheEasiestExamples() {
        double[] difficulty = {5, 1, 4, 2, 3, 0, 9, 8, 7, 6};
        Curriculum curriculum = new Curriculum(difficulty, 2, 0.3);
        assertArrayEquals(new int[] {5, 1, 3}, curriculum.examples(1));
        assertArrayEquals(new int[] {5, 1, 3, 4, 2, 0, 9}, curriculum.examples(2));    // 0.3 + 0.7 / 2 = 0.65 -> 7
        assertEquals(10, curriculum.examples(3).length);
        assertEquals(10, curriculum.examples(10).length);
        assertThrows(IllegalArgumentException.class, () -> new Curriculum(new double[] {1, Double.NaN}, 2, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Curriculum(difficulty, 0, 0.5));
    }

    @Test
    void trainerFollowsTheCurriculumAndAugmentsDeterministically() throws IOException {
        Dataset train = Blobs.make(400, 16, 0.5f, 3);
        double[] difficulty = new double[train.size()];
        Arrays.setAll(difficulty, i -> (i * 37) % 101);
        Sequential learner = model(1);
        SupervisedTask task = SupervisedTask.of(learner, new Adam(learner.namedParameters(), 1e-3f), Objective.classification(3));
        List<EpochMetrics> history = Trainer.builder(task).epochs(3).batchSize(50)
                .seed(4).curriculum(new Curriculum(difficulty, 2, 0.25)).build().fit(train, null);
        assertEquals(List.of(100L, 250L, 400L), history.stream()
                .map(m -> Math.round(m.get("examples_per_second") * m.get("seconds"))).toList());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder(task)
                .curriculum(new Curriculum(new double[3], 1, 1)).build().fit(train, null));

        ImageAugmentation shifts = new ImageAugmentation(1, 4, 4, 1, 0.5f, 0f);
        float[][] runs = new float[2][];
        for (int r = 0; r < 2; r++) {
            Sequential model = model(2);
            Trainer.builder(SupervisedTask.of(model, new Adam(model.namedParameters(), 1e-3f), Objective.classification(3))).epochs(2).batchSize(50).seed(5).augmentation(shifts)
                    .build().fit(train, null);
            runs[r] = model.parameters().get(0).value().toArray();
        }
        assertArrayEquals(runs[0], runs[1], 0f);
    }

    private static Sequential model(long seed) {
        Rng rng = Rng.seeded(seed);
        return new Sequential(new Linear(16, 8, rng), Activation.relu(), new Linear(8, 3, rng));
    }
}
