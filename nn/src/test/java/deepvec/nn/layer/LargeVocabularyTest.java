package deepvec.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.GradCheck;
import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.nn.loss.SampledSoftmax;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The hierarchical softmax against enumeration and finite differences; importance sampling against the exact gradient. */
class LargeVocabularyTest {

    private static final int WORDS = 23;
    private static final int HIDDEN = 5;

    @Test
    void frequencyClassesShareTheMassAndHoldEveryWord() {
        long[] counts = new long[WORDS];
        for (int w = 0; w < WORDS; w++) {
            counts[w] = 1000 / (w + 1);          // Zipf-like
        }
        int[] classOf = HierarchicalSoftmax.frequencyClasses(counts, 5);
        assertEquals(4, Arrays.stream(classOf).max().orElseThrow());
        assertEquals(0, classOf[0], "the most frequent word comes first");
        for (int c = 0; c < 5; c++) {
            int cc = c;
            assertTrue(Arrays.stream(classOf).anyMatch(k -> k == cc), "class " + c + " holds a word");
        }
    }

    @Test
    void theHierarchyIsADistributionAndItsLossTheNegativeLogLikelihood() {
        int[] classOf = HierarchicalSoftmax.frequencyClasses(new long[WORDS], 4);
        HierarchicalSoftmax softmax = new HierarchicalSoftmax(HIDDEN, classOf, Rng.seeded(1));
        Tensor h = Rng.seeded(2).uniform(-2f, 2f, 6, HIDDEN);
        Tensor logP = softmax.logProbabilities(h);
        int[] targets = {0, 5, 22, 7, 7, 13};
        double nll = 0;
        for (int i = 0; i < 6; i++) {
            double total = 0;
            for (int w = 0; w < WORDS; w++) {
                total += Math.exp(logP.get(i, w));
            }
            assertEquals(1.0, total, 1e-5, "row " + i);
            nll -= logP.get(i, targets[i]);
        }
        assertEquals(nll / 6, softmax.loss(Variable.constant(h), targets).value().get(0), 1e-5);
    }

    @Test
    void theHierarchysGradientMatchesFiniteDifferences() {
        int[] classOf = HierarchicalSoftmax.frequencyClasses(new long[WORDS], 4);
        int[] targets = {3, 9, 21};
        Tensor h = Rng.seeded(3).uniform(-1f, 1f, 3, HIDDEN);
        HierarchicalSoftmax softmax = new HierarchicalSoftmax(HIDDEN, classOf, Rng.seeded(4));
        GradCheck.Result r = GradCheck.check(v -> softmax.loss(v[0], targets), 1e-3, h);
        assertTrue(r.maxError() < 1e-2, r.toString());
        Variable hidden = Variable.parameter(h.copy());
        softmax.loss(hidden, targets).backward();
        Tensor weight = softmax.namedParameters().get("word_weight").grad();
        float untouched = 0;
        for (int w = 0; w < WORDS; w++) {
            boolean inATargetClass = classOf[w] == classOf[3] || classOf[w] == classOf[9] || classOf[w] == classOf[21];
            for (int k = 0; k < HIDDEN && !inATargetClass; k++) {
                untouched += Math.abs(weight.get(k, w));
            }
        }
        assertEquals(0f, untouched, "only the target classes' words get a gradient");
    }

    /** With many samples the self-normalised estimate is close to the exact softmax gradient; the mean over draws closer still. */
    @Test
    void importanceSampledGradientsMatchTheExactOneInExpectation() {
        Rng rng = Rng.seeded(5);
        Tensor h = rng.uniform(-1f, 1f, 4, HIDDEN);
        Tensor w = rng.uniform(-1f, 1f, HIDDEN, WORDS);
        Tensor b = rng.uniform(-0.5f, 0.5f, WORDS);
        int[] targets = {1, 4, 4, 20};
        double[] proposal = new double[WORDS];
        for (int i = 0; i < WORDS; i++) {
            proposal[i] = (i + 1.0) / (WORDS * (WORDS + 1) / 2.0);      // skewed towards high ids, unlike the model
        }
        Variable eh = Variable.parameter(h.copy());
        Variable ew = Variable.parameter(w.copy());
        Variable eb = Variable.parameter(b.copy());
        Losses.crossEntropy(Ops.add(Ops.matmul(eh, ew), eb), targets, Reduction.MEAN).backward();
        float[] mean = new float[HIDDEN * WORDS];
        int repeats = 20;
        for (int r = 0; r < repeats; r++) {
            Variable sh = Variable.parameter(h.copy());
            Variable sw = Variable.parameter(w.copy());
            Variable sb = Variable.parameter(b.copy());
            SampledSoftmax.loss(sh, sw, sb, targets, proposal, 500, rng).backward();
            float[] g = sw.grad().toArray();
            for (int i = 0; i < g.length; i++) {
                mean[i] += g[i] / repeats;
            }
        }
        float[] exact = ew.grad().toArray();
        double error = 0;
        double norm = 0;
        for (int i = 0; i < exact.length; i++) {
            error += (mean[i] - exact[i]) * (mean[i] - exact[i]);
            norm += exact[i] * exact[i];
        }
        assertTrue(Math.sqrt(error / norm) < 0.02, "relative error of the mean sampled gradient " + Math.sqrt(error / norm));
    }
}
