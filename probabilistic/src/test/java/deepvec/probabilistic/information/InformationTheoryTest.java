package deepvec.probabilistic.information;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.simd.ShapeException;
import deepvec.simd.Softmax;
import deepvec.simd.Tensor;
import org.junit.jupiter.api.Test;

class InformationTheoryTest {

    private static Tensor logs(double... p) {
        float[] v = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            v[i] = (float) Math.log(p[i]);
        }
        return Tensor.of(v, v.length);
    }

    @Test
    void entropyOfKnownDistributions() {
        assertEquals(Math.log(2), InformationTheory.entropy(logs(0.5, 0.5)), 1e-7);     // one bit
        assertEquals(Math.log(8), InformationTheory.entropy(logs(0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125)), 1e-6);
        assertEquals(0.0, InformationTheory.entropy(logs(1, 0)), 0);                       // 0 log 0 = 0
        assertEquals(Math.log(4), InformationTheory.selfInformation(Math.log(0.25)), 1e-12);
    }

    @Test
    void crossEntropyIsEntropyPlusKl() {
        Tensor p = logs(0.1, 0.2, 0.7);
        Tensor q = Softmax.logSoftmax(Tensor.of(new float[] {0.3f, -1f, 2f}, 3), 0);
        double h = InformationTheory.entropy(p);
        double kl = InformationTheory.klDivergence(p, q);
        assertEquals(h + kl, InformationTheory.crossEntropy(p, q), 1e-6);                   // eq. 3.51
        assertTrue(kl > 0);
        assertEquals(0.0, InformationTheory.klDivergence(p, p), 1e-7);
        double direct = 0.1 * Math.log(0.1 / Math.exp(q.get(0))) + 0.2 * Math.log(0.2 / Math.exp(q.get(1)))
                + 0.7 * Math.log(0.7 / Math.exp(q.get(2)));
        assertEquals(direct, kl, 1e-6);
    }

    @Test
    void klIsAsymmetricAndInfiniteOutsideTheSupport() {
        Tensor p = logs(0.5, 0.5, 0);
        Tensor q = logs(0.9, 0.05, 0.05);
        assertTrue(Math.abs(InformationTheory.klDivergence(p, q) - InformationTheory.klDivergence(q, p)) > 0.1);
        assertEquals(Double.POSITIVE_INFINITY, InformationTheory.klDivergence(q, p));
        assertThrows(ShapeException.class, () -> InformationTheory.klDivergence(p, logs(0.5, 0.5)));
    }
}
