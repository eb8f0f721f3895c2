package deepvec.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.Variable;
import deepvec.nn.loss.Losses;
import deepvec.nn.loss.Reduction;
import deepvec.nn.optim.Adam;
import deepvec.nn.optim.Optimizer;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import org.junit.jupiter.api.Test;

/** PReLU learns its slope; maxout learns a convex piecewise-linear function. */
class RectifierLayersTest {

    @Test
    void preluLearnsTheSlopeOfTheNegativeSide() {
        // target: y = max(0, x) + 0.6 min(0, x); the slope starts at 0.25 and must reach 0.6
        PRelu prelu = new PRelu(1);
        Tensor x = Rng.seeded(1).uniform(-2f, 2f, 256, 1);
        Tensor y = Tensor.zeros(256, 1);
        for (int i = 0; i < 256; i++) {
            float v = x.data()[i];
            y.data()[i] = v > 0 ? v : 0.6f * v;
        }
        Optimizer adam = new Adam(prelu.namedParameters(), 0.05f);
        for (int step = 0; step < 200; step++) {
            adam.zeroGrad();
            Losses.meanSquaredError(prelu.forward(Variable.constant(x)), y, Reduction.MEAN).backward();
            adam.step();
        }
        assertEquals(0.6f, prelu.namedParameters().get("alpha").value().get(0), 1e-3f);
        assertThrows(ShapeException.class, () -> prelu.forward(Variable.constant(Tensor.zeros(2, 3))));
    }

    @Test
    void maxoutFitsTheAbsoluteValueWhichIsConvexWithTwoPieces() {
        Maxout maxout = new Maxout(1, 1, 2, Rng.seeded(2));
        Tensor x = Rng.seeded(3).uniform(-1f, 1f, 200, 1);
        Tensor y = deepvec.simd.Elementwise.abs(x);
        Optimizer adam = new Adam(maxout.namedParameters(), 0.05f);
        for (int step = 0; step < 400; step++) {
            adam.zeroGrad();
            Losses.meanSquaredError(maxout.forward(Variable.constant(x)), y, Reduction.MEAN).backward();
            adam.step();
        }
        float loss = Autograd.noGrad(() -> Losses.meanSquaredError(maxout.forward(Variable.constant(x)), y, Reduction.MEAN))
                .value().get(0);
        assertTrue(loss < 1e-4f, "maxout with 2 pieces represents |x| exactly; loss " + loss);
    }
}
