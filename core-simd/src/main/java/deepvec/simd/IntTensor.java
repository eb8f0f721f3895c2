package deepvec.simd;

import java.util.Arrays;

/**
 * A dense, row-major tensor of 32-bit integers over an {@code int[]}: class labels [n], token
 * sequences [n, T], gather and scatter indices. It holds indices, not numbers to compute with,
 * so it has no views or arithmetic; {@link Tensor} is the float counterpart.
 */
public final class IntTensor {

    private final int[] data;
    private final int[] shape;

    private IntTensor(int[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /**
     * Wraps {@code data} (no copy) with the given shape.
     *
     * @throws ShapeException if the shape does not hold exactly {@code data.length} elements
     */
    public static IntTensor of(int[] data, int... shape) {
        int[] s = shape.clone();
        int n = Shapes.numel(s);
        if (n != data.length) {
            throw new ShapeException("IntTensor.of: shape " + Arrays.toString(s) + " holds " + n + " elements but the array has "
                    + data.length);
        }
        return new IntTensor(data, s);
    }

    /** A vector [n] wrapping {@code data}. */
    public static IntTensor vector(int... data) {
        return new IntTensor(data, new int[] {data.length});
    }

    /** Number of axes. */
    public int rank() {
        return shape.length;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Extent of {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[Shapes.axis("dim", axis, shape.length)];
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** The storage, row-major. */
    public int[] data() {
        return data;
    }

    /** The element at a flat row-major index. */
    public int get(int index) {
        return data[index];
    }

    @Override
    public String toString() {
        return "IntTensor" + Arrays.toString(shape);
    }
}
