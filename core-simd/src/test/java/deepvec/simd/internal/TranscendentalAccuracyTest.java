package deepvec.simd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vectorised transcendentals against {@link Math} in double over the whole float range:
 * every 97th bit pattern (about 44 million inputs per function, both signs, subnormals,
 * infinities and NaN included). Errors are measured in ulps of the correctly rounded result.
 */
class TranscendentalAccuracyTest {

    private static final int STEP = 97;
    private static Kernels simd;

    @BeforeAll
    static void kernels() {
        simd = KernelProvider.kernels();
        assumeTrue(simd != KernelProvider.scalar(), "SIMD kernels are not active in this JVM");
    }

    @FunctionalInterface
    interface Op {
        void apply(UnaryKernels k, float[] x, int xo, float[] y, int yo, int n);
    }

    /** Max ulp error over inputs whose exact result is a normal float; specials must match exactly. */
    private static double maxUlpError(Op op, DoubleUnaryOperator exact) {
        int block = 1 << 16;
        float[] x = new float[block];
        float[] y = new float[block];
        double worst = 0;
        long bits = 0;
        while (bits <= 0xFFFFFFFFL) {
            int n = 0;
            for (; n < block && bits <= 0xFFFFFFFFL; n++, bits += STEP) {
                x[n] = Float.intBitsToFloat((int) bits);
            }
            op.apply(simd.unary(), x, 0, y, 0, n);
            for (int i = 0; i < n; i++) {
                double ref = exact.applyAsDouble(x[i]);
                float rounded = (float) ref;
                if (Double.isNaN(ref) || Float.isInfinite(rounded) || rounded == 0f) {
                    assertEquals(rounded, y[i], 0f, "special result at x=" + x[i]);
                    continue;
                }
                if (Math.abs(rounded) < Float.MIN_NORMAL) {
                    assertEquals(ref, y[i], 2 * Float.MIN_VALUE, "subnormal result at x=" + x[i]);
                    continue;
                }
                double err = Math.abs(y[i] - ref) / Math.ulp(rounded);
                worst = Math.max(worst, err);
            }
        }
        return worst;
    }

    @Test
    void expWithinOneAndAHalfUlp() {
        double ulps = maxUlpError(UnaryKernels::exp, Math::exp);
        System.out.println("exp max ulp error " + ulps);
        assertTrue(ulps <= 1.5, "exp max error " + ulps + " ulp");
    }

    @Test
    void logWithinTwoUlp() {
        double ulps = maxUlpError(UnaryKernels::log, Math::log);
        System.out.println("log max ulp error " + ulps);
        assertTrue(ulps <= 2.0, "log max error " + ulps + " ulp");
    }

    @Test
    void tanhWithinTwoUlp() {
        double ulps = maxUlpError(UnaryKernels::tanh, Math::tanh);
        System.out.println("tanh max ulp error " + ulps);
        assertTrue(ulps <= 2.0, "tanh max error " + ulps + " ulp");
    }

    @Test
    void sigmoidWithinThreeUlp() {
        double ulps = maxUlpError(UnaryKernels::sigmoid, ScalarUnaryKernels::sigmoid);
        System.out.println("sigmoid max ulp error " + ulps);
        assertTrue(ulps <= 3.0, "sigmoid max error " + ulps + " ulp");
    }

    @Test
    void softplusWithinFourUlp() {
        double ulps = maxUlpError(UnaryKernels::softplus, v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
        System.out.println("softplus max ulp error " + ulps);
        assertTrue(ulps <= 4.0, "softplus max error " + ulps + " ulp");
    }
}
