package deepvec.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void linearDecayFollowsEquation814ThenHoldsTheFloor() {
        LearningRateSchedule s = LearningRateSchedule.linearDecay(0.1f, 0.001f, 100);
        assertEquals(0.1f, s.rate(0), 1e-9f);
        assertEquals(0.5f * 0.1f + 0.5f * 0.001f, s.rate(50), 1e-7f);
        assertEquals(0.001f, s.rate(100), 1e-9f);
        assertEquals(0.001f, s.rate(10_000), 1e-9f);
    }

    @Test
    void stepExponentialCosineAndWarmup() {
        LearningRateSchedule step = LearningRateSchedule.stepDecay(1f, 0.5f, 10);
        assertEquals(1f, step.rate(9));
        assertEquals(0.25f, step.rate(25));
        assertEquals((float) (2 * Math.pow(0.9, 7)), LearningRateSchedule.exponential(2f, 0.9f).rate(7), 1e-6f);
        LearningRateSchedule cos = LearningRateSchedule.cosine(1f, 0.01f, 100);
        assertEquals(1f, cos.rate(0), 1e-6f);
        assertEquals(0.505f, cos.rate(50), 1e-6f);
        assertEquals(0.01f, cos.rate(150), 1e-9f);
        LearningRateSchedule warm = LearningRateSchedule.constant(0.4f).withWarmup(4);
        assertEquals(0.1f, warm.rate(0), 1e-7f);
        assertEquals(0.3f, warm.rate(2), 1e-7f);
        assertEquals(0.4f, warm.rate(4), 1e-7f);
    }

    @Test
    void schedulesDriveTheOptimizerAndRejectBadArguments() {
        Optimizer sgd = new Sgd(Map.of("p", Variable.parameter(Tensor.zeros(1))), 1f);
        LearningRateSchedule.linearDecay(0.2f, 0.002f, 10).applyTo(sgd, 5);
        assertEquals(0.101f, sgd.learningRate(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.linearDecay(0.1f, 0f, 10));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0.1f, 0.01f, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0.1f).withWarmup(0));
    }
}
