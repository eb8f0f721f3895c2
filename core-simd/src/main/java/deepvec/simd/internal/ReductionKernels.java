package deepvec.simd.internal;

/**
 * Reductions of one contiguous range. Each implementation fixes its order of addition, so a
 * result never depends on the thread count: the scalar reference adds left to right in double
 * (the oracle, at least as accurate); the vector kernels add float partial sums over blocks of 256
 * vectors (4096 floats at 512 bits), several accumulators per block, lanes summed in lane
 * order, and combine the blocks in double.
 *
 * <p>{@link ScalarReductionKernels} is the reference and the fallback; {@code PanamaReductionKernels} runs on the
 * Vector API.
 */
public interface ReductionKernels {

    /** Sum of x[xo .. xo+n), in the implementation's fixed order (see above). */
    double sum(float[] x, int xo, int n);

    /** Sum of (x - mean)^2, the second pass of a two-pass variance. */
    double sumSquaredDeviations(float[] x, int xo, int n, float mean);

    /** Maximum, NaN if any element is NaN, -infinity for n == 0. */
    float max(float[] x, int xo, int n);

    /** Index (relative to xo) of the first NaN if there is one, else of the first maximum. */
    int argmax(float[] x, int xo, int n);

    /** y = exp(x - shift), returning the sum of y (the inner step of softmax and log-sum-exp). */
    double expShiftSum(float[] x, int xo, float shift, float[] y, int yo, int n);

    /** Sum of x * y over the range, in the implementation's fixed order (see above). */
    double dot(float[] x, int xo, float[] y, int yo, int n);
}
