package deepvec.simd;

import java.util.Arrays;

/**
 * A float32 tensor: a shape, strides and an offset over a {@code float[]}. Element
 * {@code (i0, i1, ...)} lives at {@code data[offset + i0*strides[0] + i1*strides[1] + ...]}.
 *
 * <p>A tensor is a value holder, not a framework. Views ({@link #reshape}, {@link #transpose},
 * {@link #permute}, {@link #slice}, {@link #broadcastTo}) share storage and never copy;
 * {@link #contiguous()} copies only when the layout is not already row-major and dense. Kernels
 * take contiguous data and say so; the facades ({@link Elementwise}, {@link Reduce},
 * {@link Gemm}, ...) accept any view and make what they need contiguous.
 *
 * <p>Shapes are {@code int[]} in row-major order; a rank-0 tensor (shape {@code []}) holds
 * one scalar. Writes through a view are visible in every view of the same storage.
 */
public final class Tensor {

    private final float[] data;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final int size;          // element count, fixed with the shape

    private Tensor(float[] data, int[] shape, int[] strides, int offset) {
        this.data = data;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.size = Shapes.numel(shape);
    }

    /**
     * A new contiguous tensor of zeros; inside a {@link Workspace#call}, on storage reused from
     * that workspace's previous call.
     */
    public static Tensor zeros(int... shape) {
        int[] s = shape.clone();
        return new Tensor(Workspace.zeros(Shapes.numel(s)), s, Shapes.contiguousStrides(s), 0);
    }

    /** A new contiguous tensor with every element equal to {@code value}. */
    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    /** A rank-0 tensor holding {@code value}. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, new int[0], new int[0], 0);
    }

    /**
     * Wraps {@code data} (no copy) as a contiguous tensor of the given shape.
     *
     * @throws ShapeException if the shape does not hold exactly {@code data.length} elements
     */
    public static Tensor of(float[] data, int... shape) {
        int[] s = shape.clone();
        int n = Shapes.numel(s);
        if (n != data.length) {
            throw new ShapeException("Tensor.of: shape " + Arrays.toString(s) + " holds " + n
                    + " elements but the array has " + data.length);
        }
        return new Tensor(data, s, Shapes.contiguousStrides(s), 0);
    }

    /**
     * A view over existing storage with explicit strides (for kernels and advanced use).
     *
     * @throws ShapeException if some element of the view would fall outside {@code data}
     */
    public static Tensor view(float[] data, int offset, int[] shape, int[] strides) {
        if (shape.length != strides.length) {
            throw new ShapeException("Tensor.view: " + shape.length + " extents but " + strides.length + " strides");
        }
        Tensor t = new Tensor(data, shape.clone(), strides.clone(), offset);
        t.checkStorageBounds();
        return t;
    }

    private void checkStorageBounds() {
        if (size == 0) {
            return;
        }
        long lo = offset;
        long hi = offset;
        for (int i = 0; i < shape.length; i++) {
            long reach = (long) (shape[i] - 1) * strides[i];
            if (reach < 0) {
                lo += reach;
            } else {
                hi += reach;
            }
        }
        if (lo < 0 || hi >= data.length) {
            throw new ShapeException("view of shape " + Arrays.toString(shape) + ", strides " + Arrays.toString(strides)
                    + " and offset " + offset + " reaches elements " + lo + " .. " + hi
                    + " of storage holding " + data.length);
        }
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

    /** A copy of the strides, in elements. */
    public int[] strides() {
        return strides.clone();
    }

    /** Index into {@link #data()} of element (0, 0, ...). */
    public int offset() {
        return offset;
    }

    /** The backing storage, shared with every view; see {@link #offset()} and {@link #strides()}. */
    public float[] data() {
        return data;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** True when the elements are dense and in row-major order (strides of extent-1 axes ignored). */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** The element at {@code index}. */
    public float get(int... index) {
        return data[flatIndex(index)];
    }

    /** Writes {@code value} at {@code index}; visible through every view of this storage. */
    public void set(float value, int... index) {
        data[flatIndex(index)] = value;
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates; this tensor has rank " + shape.length);
        }
        int flat = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is outside shape "
                        + Arrays.toString(shape) + " (axis " + i + ")");
            }
            flat += index[i] * strides[i];
        }
        return flat;
    }

    /**
     * The same elements in a new shape; one extent may be -1 (inferred). A view when this
     * tensor is contiguous, else a contiguous copy.
     */
    public Tensor reshape(int... newShape) {
        int[] s = inferShape(newShape);
        Tensor source = isContiguous() ? this : contiguous();
        return new Tensor(source.data, s, Shapes.contiguousStrides(s), source.offset);
    }

    private int[] inferShape(int[] requested) {
        int[] s = requested.clone();
        int inferred = -1;
        int known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && inferred < 0) {
                inferred = i;
            } else if (s[i] < 0) {
                throw new ShapeException("reshape " + Arrays.toString(requested) + ": extents must be >= 0, with at most one -1");
            } else {
                known *= s[i];
            }
        }
        int n = size();
        if (inferred >= 0) {
            if (known == 0 || n % known != 0) {
                throw new ShapeException("reshape: cannot infer -1 in " + Arrays.toString(requested)
                        + " for " + n + " elements of shape " + Arrays.toString(shape));
            }
            s[inferred] = n / known;
        }
        if (Shapes.numel(s) != n) {
            throw new ShapeException("reshape: " + Arrays.toString(shape) + " (" + n + " elements) cannot become "
                    + Arrays.toString(requested) + " (" + Shapes.numel(s) + " elements)");
        }
        return s;
    }

    /** A view with axes {@code a} and {@code b} swapped. */
    public Tensor transpose(int a, int b) {
        int[] axes = new int[shape.length];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        int ra = Shapes.axis("transpose", a, shape.length);
        int rb = Shapes.axis("transpose", b, shape.length);
        axes[ra] = rb;
        axes[rb] = ra;
        return permute(axes);
    }

    /** A view whose axis i is this tensor's axis {@code axes[i]}. */
    public Tensor permute(int... axes) {
        if (axes.length != shape.length) {
            throw new ShapeException("permute " + Arrays.toString(axes) + ": expected " + shape.length + " axes");
        }
        int[] s = new int[axes.length];
        int[] st = new int[axes.length];
        boolean[] seen = new boolean[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int ax = Shapes.axis("permute", axes[i], shape.length);
            if (seen[ax]) {
                throw new ShapeException("permute " + Arrays.toString(axes) + ": axis " + ax + " appears twice");
            }
            seen[ax] = true;
            s[i] = shape[ax];
            st[i] = strides[ax];
        }
        return new Tensor(data, s, st, offset);
    }

    /** A view of indices [start, end) along {@code axis}. */
    public Tensor slice(int axis, int start, int end) {
        int ax = Shapes.axis("slice", axis, shape.length);
        if (start < 0 || end < start || end > shape[ax]) {
            throw new IndexOutOfBoundsException("slice [" + start + ", " + end + ") of axis " + ax + " with extent "
                    + shape[ax] + "; expected 0 <= start <= end <= " + shape[ax]);
        }
        int[] s = shape.clone();
        s[ax] = end - start;
        return new Tensor(data, s, strides.clone(), offset + start * strides[ax]);
    }

    /** A view repeated along extent-1 (or missing leading) axes to {@code target}, by stride 0. */
    public Tensor broadcastTo(int... target) {
        int[] out = Shapes.broadcast("broadcastTo", shape, target);
        if (!Arrays.equals(out, target)) {
            throw new ShapeException("broadcastTo: " + Arrays.toString(shape) + " cannot become " + Arrays.toString(target));
        }
        int[] st = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = lead; i < target.length; i++) {
            st[i] = shape[i - lead] == 1 && target[i] != 1 ? 0 : strides[i - lead];
        }
        return new Tensor(data, target.clone(), st, offset);
    }

    /** This tensor if it is contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : copy();
    }

    /** A new contiguous tensor with the same elements. */
    public Tensor copy() {
        float[] out = new float[size()];
        copyInto(out, 0);
        return new Tensor(out, shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** The elements in row-major order, as a new array. */
    public float[] toArray() {
        float[] out = new float[size()];
        copyInto(out, 0);
        return out;
    }

    /** Copies the elements in row-major order into {@code out} from {@code outOffset}. */
    void copyInto(float[] out, int outOffset) {
        int n = size();
        if (n == 0) {
            return;
        }
        if (isContiguous()) {
            System.arraycopy(data, offset, out, outOffset, n);
            return;
        }
        int rank = shape.length;
        int inner = shape[rank - 1];
        int innerStride = strides[rank - 1];
        int[] index = new int[rank];
        for (int row = 0, o = outOffset; row < n / inner; row++, o += inner) {
            int src = offset;
            for (int i = 0; i < rank - 1; i++) {
                src += index[i] * strides[i];
            }
            if (innerStride == 1) {
                System.arraycopy(data, src, out, o, inner);
            } else {
                for (int j = 0; j < inner; j++, src += innerStride) {
                    out[o + j] = data[src];
                }
            }
            for (int i = rank - 2; i >= 0 && ++index[i] == shape[i]; i--) {
                index[i] = 0;
            }
        }
    }

    @Override
    public String toString() {
        int n = size();
        float[] values = toArray();
        StringBuilder sb = new StringBuilder("Tensor").append(Arrays.toString(shape)).append(' ');
        int shown = Math.min(n, 8);
        sb.append('[');
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return sb.append(n > shown ? ", ...]" : "]").toString();
    }
}
