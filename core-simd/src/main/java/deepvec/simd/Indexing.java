package deepvec.simd;

import java.util.Arrays;

/**
 * Moving whole slices of tensors: concatenation along an axis, gathering the slices that an
 * index names (an embedding look-up, {@code index_select}) and its adjoint, scatter-adding
 * slices into the places an index names. Each result is a new contiguous tensor. A tensor is
 * seen as [outer, n, inner] around the axis, so every move is a run of {@code inner}
 * contiguous floats, copied with {@link System#arraycopy} (these are memory-bound; there is
 * nothing for a vector unit to add).
 */
public final class Indexing {

    private Indexing() {
    }

    /**
     * The tensors joined along {@code axis}: every other extent must agree.
     *
     * @throws ShapeException for no tensors, different ranks or a mismatched extent
     */
    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new ShapeException("concat: no tensors given");
        }
        int[] shape = parts[0].shape();
        int a = Shapes.axis("concat", axis, shape.length);
        int total = 0;
        for (Tensor p : parts) {
            int[] s = p.shape();
            int extent = s.length == shape.length ? s[a] : -1;
            if (extent >= 0) {
                s[a] = shape[a];
            }
            if (extent < 0 || !Arrays.equals(s, shape)) {
                throw new ShapeException("concat along axis " + a + ": shapes " + Arrays.toString(parts[0].shape()) + " and "
                        + Arrays.toString(p.shape()) + " differ on another axis");
            }
            total += extent;
        }
        shape[a] = total;
        Tensor out = Tensor.zeros(shape);
        int outer = outer(shape, a);
        int inner = inner(shape, a);
        int at = 0;
        for (Tensor p : parts) {
            Tensor dense = p.contiguous();
            int run = dense.dim(a) * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(dense.data(), dense.offset() + o * run, out.data(), (o * total + at) * inner, run);
            }
            at += dense.dim(a);
        }
        return out;
    }

    /**
     * The slices of x along {@code axis} named by {@code index}, in index order:
     * {@code out[.., i, ..] = x[.., index[i], ..]}, so the axis has {@code index.length} entries.
     *
     * @throws IndexOutOfBoundsException for an index outside [0, x.dim(axis))
     */
    public static Tensor gather(Tensor x, int axis, int[] index) {
        int a = Shapes.axis("gather", axis, x.rank());
        Tensor dense = x.contiguous();
        int[] shape = dense.shape();
        int n = shape[a];
        checkIndex("gather", index, n);
        shape[a] = index.length;
        Tensor out = Tensor.zeros(shape);
        int outer = outer(shape, a);
        int inner = inner(shape, a);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < index.length; i++) {
                System.arraycopy(dense.data(), dense.offset() + (o * n + index[i]) * inner, out.data(),
                        (o * index.length + i) * inner, inner);
            }
        }
        return out;
    }

    /**
     * The adjoint of {@link #gather}: a tensor whose axis has {@code size} entries, zero but
     * where {@code index} points, {@code out[.., index[i], ..] += src[.., i, ..]}; repeated
     * indices add up, in index order (so the result does not depend on the thread count).
     *
     * @throws ShapeException unless src's axis has index.length entries
     * @throws IndexOutOfBoundsException for an index outside [0, size)
     */
    public static Tensor scatterAdd(Tensor src, int axis, int[] index, int size) {
        int a = Shapes.axis("scatterAdd", axis, src.rank());
        Tensor dense = src.contiguous();
        int[] shape = dense.shape();
        if (shape[a] != index.length) {
            throw new ShapeException("scatterAdd: source " + Arrays.toString(shape) + " has " + shape[a] + " entries on axis " + a
                    + " for " + index.length + " indices");
        }
        checkIndex("scatterAdd", index, size);
        shape[a] = size;
        Tensor out = Tensor.zeros(shape);
        int outer = outer(shape, a);
        int inner = inner(shape, a);
        float[] s = dense.data();
        float[] y = out.data();
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < index.length; i++) {
                int from = dense.offset() + (o * index.length + i) * inner;
                int to = (o * size + index[i]) * inner;
                for (int j = 0; j < inner; j++) {
                    y[to + j] += s[from + j];
                }
            }
        }
        return out;
    }

    private static void checkIndex(String op, int[] index, int size) {
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= size) {
                throw new IndexOutOfBoundsException(op + ": index " + i + " is " + index[i] + "; expected 0 .. " + (size - 1));
            }
        }
    }

    private static int outer(int[] shape, int axis) {
        int n = 1;
        for (int i = 0; i < axis; i++) {
            n *= shape[i];
        }
        return n;
    }

    private static int inner(int[] shape, int axis) {
        int n = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }
}
