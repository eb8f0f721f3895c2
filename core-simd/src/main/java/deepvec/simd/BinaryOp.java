package deepvec.simd;

import deepvec.simd.internal.Kernels;

/** Elementwise binary operations of {@link Elementwise}, applied with NumPy broadcasting. */
public enum BinaryOp {
    /** a + b */
    ADD,
    /** a - b */
    SUB,
    /** a * b */
    MUL,
    /** a / b */
    DIV,
    /** max(a, b), NaN if either is NaN */
    MAXIMUM,
    /** 1 where a &lt; b, else 0 (0 where either is NaN): masks such as the ReLU derivative */
    LESS,
    /** a where b &gt; 0, else 0 (0 where b is NaN): a gradient gated by the ReLU derivative at b */
    WHERE_POSITIVE;

    void apply(Kernels k, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        switch (this) {
            case ADD -> k.binary().add(a, ao, b, bo, y, yo, n);
            case SUB -> k.binary().sub(a, ao, b, bo, y, yo, n);
            case MUL -> k.binary().mul(a, ao, b, bo, y, yo, n);
            case DIV -> k.binary().div(a, ao, b, bo, y, yo, n);
            case MAXIMUM -> k.binary().max(a, ao, b, bo, y, yo, n);
            case LESS -> k.binary().lessThan(a, ao, b, bo, y, yo, n);
            case WHERE_POSITIVE -> k.binary().wherePositive(a, ao, b, bo, y, yo, n);
        }
    }
}
