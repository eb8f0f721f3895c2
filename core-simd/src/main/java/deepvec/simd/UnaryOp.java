package deepvec.simd;

import deepvec.simd.internal.Kernels;

/**
 * Elementwise unary functions of {@link Elementwise}. The transcendentals are vectorised by
 * range reduction and polynomials, within a few ulp of {@link Math} over the float range.
 */
public enum UnaryOp {
    /** max(x, 0); NaN stays NaN */
    RELU,
    /** |x|, absolute value rectification */
    ABS,
    /** square root; NaN for x &lt; 0 */
    SQRT,
    /** e^x */
    EXP,
    /** natural logarithm; -inf at 0, NaN for x &lt; 0 */
    LOG,
    /** hyperbolic tangent */
    TANH,
    /** logistic sigmoid 1 / (1 + e^-x) (Deep Learning eq. 3.30) */
    SIGMOID,
    /** softplus log(1 + e^x) (Deep Learning eq. 3.31), without overflow */
    SOFTPLUS;

    void apply(Kernels k, float[] x, int xo, float[] y, int yo, int n) {
        switch (this) {
            case RELU -> k.unary().relu(x, xo, y, yo, n);
            case ABS -> k.unary().abs(x, xo, y, yo, n);
            case SQRT -> k.unary().sqrt(x, xo, y, yo, n);
            case EXP -> k.unary().exp(x, xo, y, yo, n);
            case LOG -> k.unary().log(x, xo, y, yo, n);
            case TANH -> k.unary().tanh(x, xo, y, yo, n);
            case SIGMOID -> k.unary().sigmoid(x, xo, y, yo, n);
            case SOFTPLUS -> k.unary().softplus(x, xo, y, yo, n);
        }
    }
}
