package deepvec.nn.autograd;

import deepvec.simd.Indexing;
import deepvec.simd.IntTensor;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import java.util.Arrays;

/**
 * The primitives that move values without computing new ones: reshape, transpose and permute
 * (views, no copy), slicing, concatenation and stacking, and the index ops that embeddings and
 * attention need, gather ({@code indexSelect}, {@code embedding}) and its adjoint
 * {@code scatterAdd}. Each backward rule moves the gradient back the way the values came.
 */
public final class ShapeOps {

    private ShapeOps() {
    }

    /** The same values in another shape with as many elements; the gradient is reshaped back. */
    public static Variable reshape(Variable x, int... shape) {
        Tensor input = x.value();
        int[] original = input.shape();
        return Ops.primitive("reshape", input.contiguous().reshape(shape),
                (g, needed) -> new Tensor[] {g.contiguous().reshape(original)}, x);
    }

    /** Axes a and b swapped (a view of the same storage); the gradient is swapped back. */
    public static Variable transpose(Variable x, int a, int b) {
        return Ops.primitive("transpose", x.value().transpose(a, b), (g, needed) -> new Tensor[] {g.transpose(a, b)}, x);
    }

    /** The axes in the order {@code axes} (a view); the gradient is permuted by the inverse order. */
    public static Variable permute(Variable x, int... axes) {
        int[] inverse = new int[axes.length];
        Tensor y = x.value().permute(axes);
        for (int i = 0; i < axes.length; i++) {
            inverse[axes[i]] = i;
        }
        return Ops.primitive("permute", y, (g, needed) -> new Tensor[] {g.permute(inverse)}, x);
    }

    /**
     * Entries {@code [from, to)} of {@code axis} (a view); the gradient is zero-padded back to the
     * input's extent.
     */
    public static Variable slice(Variable x, int axis, int from, int to) {
        Tensor v = x.value();
        Tensor y = v.slice(axis, from, to);
        int[] shape = v.shape();
        int a = axis < 0 ? axis + shape.length : axis;
        return Ops.primitive("slice", y, (g, needed) -> {
            int[] before = shape.clone();
            int[] after = shape.clone();
            before[a] = from;
            after[a] = shape[a] - to;
            return new Tensor[] {Indexing.concat(a, Tensor.zeros(before), g, Tensor.zeros(after))};
        }, x);
    }

    /**
     * The inputs joined along {@code axis} (all other extents equal); each input's gradient is
     * its slice of the output gradient.
     */
    public static Variable concat(int axis, Variable... xs) {
        Tensor[] values = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            values[i] = xs[i].value();
        }
        Tensor y = Indexing.concat(axis, values);
        int a = axis < 0 ? axis + y.rank() : axis;
        return Ops.primitive("concat", y, (g, needed) -> {
            Tensor[] grads = new Tensor[xs.length];
            int at = 0;
            for (int i = 0; i < xs.length; i++) {
                int extent = values[i].dim(a);
                grads[i] = needed[i] ? g.slice(a, at, at + extent).contiguous() : null;
                at += extent;
            }
            return grads;
        }, xs);
    }

    /** The inputs, all of one shape, stacked along a new axis {@code axis}: concat of each with a unit axis inserted. */
    public static Variable stack(int axis, Variable... xs) {
        if (xs.length == 0) {
            throw new ShapeException("stack: no inputs given");
        }
        int[] shape = xs[0].value().shape();
        int a = axis < 0 ? axis + shape.length + 1 : axis;
        if (a < 0 || a > shape.length) {
            throw new ShapeException("stack: axis " + axis + " for inputs of shape " + Arrays.toString(shape));
        }
        int[] unit = new int[shape.length + 1];
        for (int i = 0, j = 0; i < unit.length; i++) {
            unit[i] = i == a ? 1 : shape[j++];
        }
        Variable[] lifted = new Variable[xs.length];
        for (int i = 0; i < xs.length; i++) {
            if (!Arrays.equals(xs[i].value().shape(), shape)) {
                throw new ShapeException("stack: input " + i + " has shape " + Arrays.toString(xs[i].value().shape()) + "; input 0 "
                        + Arrays.toString(shape));
            }
            lifted[i] = reshape(xs[i], unit);
        }
        return concat(a, lifted);
    }

    /**
     * The slices of x along {@code axis} named by a vector of indices, {@code y[.., i, ..] =
     * x[.., index[i], ..]} (index_select); the gradient is scatter-added back, so repeated
     * indices accumulate.
     *
     * @throws ShapeException unless {@code index} is a vector
     */
    public static Variable indexSelect(Variable x, int axis, IntTensor index) {
        if (index.rank() != 1) {
            throw new ShapeException("indexSelect: index " + index + " must be a vector");
        }
        Tensor v = x.value();
        int a = axis < 0 ? axis + v.rank() : axis;
        int size = v.dim(a);
        int[] ids = index.data();
        return Ops.primitive("indexSelect", Indexing.gather(v, a, ids),
                (g, needed) -> new Tensor[] {Indexing.scatterAdd(g, a, ids, size)}, x);
    }

    /**
     * An embedding look-up (Deep Learning section 12.4.2): the rows of {@code table} [V, D] at
     * token ids of any shape [...], giving [..., D]; the table's gradient adds each output row's
     * gradient into its token's row.
     */
    public static Variable embedding(Variable table, IntTensor ids) {
        return embedding(table, ids, false);
    }

    /**
     * {@link #embedding(Variable, IntTensor)}, optionally with a row-sparse gradient: when
     * {@code sparseGradient} is set and the table is a parameter, back-propagation adds each output
     * row's gradient straight into its token's row of the table's gradient
     * ({@link Variable#accumulateRows}) instead of building a dense [V, D] gradient, so a step
     * costs what the batch's tokens cost, not what the vocabulary does.
     */
    public static Variable embedding(Variable table, IntTensor ids, boolean sparseGradient) {
        if (table.value().rank() != 2) {
            throw new ShapeException("embedding: table " + Arrays.toString(table.value().shape()) + " must be [vocabulary, dim]");
        }
        int[] shape = Arrays.copyOf(ids.shape(), ids.rank() + 1);
        shape[ids.rank()] = table.value().dim(1);
        IntTensor rows = IntTensor.vector(ids.data());
        if (!sparseGradient || !table.isLeaf()) {
            return reshape(indexSelect(table, 0, rows), shape);
        }
        int[] index = rows.data();
        Tensor gathered = Indexing.gather(table.value(), 0, index);
        Variable looked = Ops.primitive("sparseEmbedding", gathered, (g, needed) -> {
            if (needed[0]) {
                table.accumulateRows(index, g);
            }
            return new Tensor[] {null};
        }, table);
        return reshape(looked, shape);
    }

    /**
     * The adjoint of {@link #indexSelect}: a value whose {@code axis} has {@code size} entries,
     * zero except {@code y[.., index[i], ..] += src[.., i, ..]}; the gradient gathers back.
     */
    public static Variable scatterAdd(Variable src, int axis, IntTensor index, int size) {
        if (index.rank() != 1) {
            throw new ShapeException("scatterAdd: index " + index + " must be a vector");
        }
        int a = axis < 0 ? axis + src.value().rank() : axis;
        int[] ids = index.data();
        return Ops.primitive("scatterAdd", Indexing.scatterAdd(src.value(), a, ids, size),
                (g, needed) -> new Tensor[] {Indexing.gather(g, a, ids)}, src);
    }
}
