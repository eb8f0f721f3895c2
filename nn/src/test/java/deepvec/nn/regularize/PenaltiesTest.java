package deepvec.nn.regularize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class PenaltiesTest {

    @Test
    void l2IsWeightDecay() {
        Variable w = Variable.parameter(Tensor.of(new float[] {1f, -2f, 3f}, 3));
        Variable penalty = Penalties.l2(List.of(w), 0.1f);
        assertEquals(0.05f * 14f, penalty.value().get(0), 1e-6f);      // (lambda/2) ||w||^2
        penalty.backward();
        assertArrayEquals(new float[] {0.1f, -0.2f, 0.3f}, w.grad().toArray(), 1e-7f);   // lambda w (eq. 7.5)
    }

    @Test
    void l1PushesTowardZeroBySign() {
        Variable w = Variable.parameter(Tensor.of(new float[] {1f, -2f, 0f}, 3));
        Variable b = Variable.parameter(Tensor.of(new float[] {5f}, 1));
        Variable penalty = Penalties.l1(List.of(w, b), 0.5f);
        assertEquals(0.5f * 8f, penalty.value().get(0), 1e-6f);
        penalty.backward();
        assertArrayEquals(new float[] {0.5f, -0.5f, 0f}, w.grad().toArray());    // lambda sign(w) (eq. 7.20)
        assertThrows(IllegalArgumentException.class, () -> Penalties.l1(List.of(w), -1f));
    }
}
