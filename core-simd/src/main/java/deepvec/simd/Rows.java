package deepvec.simd;

import java.util.Arrays;

/**
 * A tensor seen as dense rows along one axis: the axis is moved last and the data made
 * contiguous (copied only when needed), so row r spans {@code [offset(r), offset(r) + length)}.
 */
final class Rows {

    private final String op;
    private final Tensor dense;
    private final int[] keptShape;     // the input shape with the axis set to 1
    private final int axis;
    private final int length;
    private final int count;

    private Rows(String op, Tensor dense, int[] keptShape, int axis, int length) {
        this.op = op;
        this.dense = dense;
        this.keptShape = keptShape;
        this.axis = axis;
        this.length = length;
        this.count = length == 0 ? Shapes.numel(keptShape) : dense.size() / length;
    }

    static Rows along(String op, Tensor x, int axis) {
        int ax = Shapes.axis(op, axis, x.rank());
        int rank = x.rank();
        int[] order = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            if (i != ax) {
                order[j++] = i;
            }
        }
        order[rank - 1] = ax;
        Tensor dense = (ax == rank - 1 ? x : x.permute(order)).contiguous();
        int[] kept = x.shape();
        kept[ax] = 1;
        return new Rows(op, dense, kept, ax, x.dim(ax));
    }

    Rows nonEmpty() {
        if (length == 0) {
            throw new ShapeException(op + " along axis " + axis + " of extent 0 is undefined; expected at least one element");
        }
        return this;
    }

    int count() {
        return count;
    }

    int length() {
        return length;
    }

    float[] data() {
        return dense.data();
    }

    int offset(int row) {
        return dense.offset() + row * length;
    }

    /** A zeroed result with the axis kept as extent 1, or dropped. */
    Tensor output(boolean keepDim) {
        return Tensor.zeros(keepDim ? keptShape : Shapes.without(keptShape, axis));
    }

    @Override
    public String toString() {
        return op + " rows of " + length + " over " + Arrays.toString(keptShape);
    }
}
