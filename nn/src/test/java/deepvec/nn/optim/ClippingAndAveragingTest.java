package deepvec.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClippingAndAveragingTest {

    /** Parameters whose gradients are exactly {@code g1} and {@code g2}. */
    private static List<Variable> withGradients(float[] g1, float[] g2) {
        Variable a = Variable.parameter(Tensor.zeros(g1.length));
        Variable b = Variable.parameter(Tensor.zeros(g2.length));
        Ops.add(Ops.sum(Ops.mul(a, Variable.constant(Tensor.of(g1, g1.length)))),
                Ops.sum(Ops.mul(b, Variable.constant(Tensor.of(g2, g2.length))))).backward();
        return List.of(a, b);
    }

    @Test
    void clipByNormScalesAllGradientsTogether() {
        List<Variable> p = withGradients(new float[] {3f, 0f}, new float[] {4f});     // global norm 5
        assertEquals(5.0, GradientClipping.clipByNorm(p, 1f), 1e-9);
        assertArrayEquals(new float[] {0.6f, 0f}, p.get(0).grad().toArray(), 1e-7f);
        assertArrayEquals(new float[] {0.8f}, p.get(1).grad().toArray(), 1e-7f);
        List<Variable> small = withGradients(new float[] {0.3f}, new float[] {0.4f});
        GradientClipping.clipByNorm(small, 1f);                                        // under the limit: untouched
        assertArrayEquals(new float[] {0.3f}, small.get(0).grad().toArray());
    }

    @Test
    void clipByValueClampsEachElement() {
        List<Variable> p = withGradients(new float[] {3f, -0.5f}, new float[] {-4f});
        GradientClipping.clipByValue(p, 1f);
        assertArrayEquals(new float[] {1f, -0.5f}, p.get(0).grad().toArray());
        assertArrayEquals(new float[] {-1f}, p.get(1).grad().toArray());
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipByValue(p, 0f));
    }

    @Test
    void polyakAndExponentialAverages() {
        Variable theta = Variable.parameter(Tensor.of(new float[] {0f}, 1));
        ParameterAverage polyak = ParameterAverage.polyak(List.of(theta));
        ParameterAverage ema = ParameterAverage.exponential(List.of(theta), 0.5f);
        for (float value : new float[] {2f, 4f, 6f}) {
            theta.value().data()[0] = value;
            polyak.update();
            ema.update();
        }
        assertEquals(3f, polyak.average(0)[0], 1e-6f);                 // mean of 0, 2, 4, 6
        assertEquals(((0 * 0.5f + 1f) * 0.5f + 2f) * 0.5f + 3f, ema.average(0)[0], 1e-6f);   // 0.5 avg + 0.5 theta
        polyak.copyInto();
        assertEquals(3f, theta.value().get(0));
        assertThrows(IllegalArgumentException.class, () -> ParameterAverage.exponential(List.of(theta), 1f));
    }
}
