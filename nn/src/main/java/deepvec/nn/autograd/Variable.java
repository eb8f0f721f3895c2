package deepvec.nn.autograd;

import deepvec.simd.BinaryOp;
import deepvec.simd.Elementwise;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of the computational graph (Deep Learning section 6.5.1): a value, and for values
 * computed by an {@link Op} with gradient tracking on, the op and its inputs. {@link #backward()}
 * applies the chain rule (eq. 6.46-6.53) in reverse topological order and adds each leaf's
 * gradient into {@link #grad()}: gradients accumulate across calls until {@link #zeroGrad()}.
 *
 * <pre>{@code
 * Variable w = Variable.parameter(rng.normal(0f, 0.1f, 3, 1));
 * Variable loss = Ops.mean(Ops.square(Ops.sub(Ops.matmul(x, w), y)));
 * loss.backward();            // w.grad() now holds d loss / d w
 * }</pre>
 */
public final class Variable {

    private static final Variable[] NO_INPUTS = new Variable[0];
    private static final int[] NO_VERSIONS = new int[0];

    private final Tensor value;
    private boolean requiresGrad;        // changes only for leaves (freezing a parameter)
    private Op op;                       // null for leaves; a FreedGraph once back-propagated
    private Variable[] inputs;           // empty for leaves and freed nodes
    private int[] inputVersions;         // the inputs' versions when this value was computed
    private int version;                 // counts in-place changes of the value
    private Tensor grad;
    private Tensor spareGrad;            // the last gradient's buffer, refilled after zeroGrad: no allocation per step
    private int[] gradRows;              // the rows a row-sparse gradient holds (every other row zero); null: dense
    private int[] spareRows;             // the rows of spareGrad that may be non-zero; null: any

    private Variable(Tensor value, boolean requiresGrad, Op op, Variable[] inputs) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.op = op;
        this.inputs = inputs;
        this.inputVersions = NO_VERSIONS;
        if (inputs.length > 0) {
            this.inputVersions = new int[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                inputVersions[i] = inputs[i].version;
            }
        }
    }

    /** A leaf whose gradient is wanted: a model parameter or an input to differentiate by. */
    public static Variable parameter(Tensor value) {
        return new Variable(value, true, null, NO_INPUTS);
    }

    /** A leaf without gradient: data, targets, fixed coefficients. */
    public static Variable constant(Tensor value) {
        return new Variable(value, false, null, NO_INPUTS);
    }

    /** The result of {@code op} on {@code inputs}; recorded only while gradients are enabled. */
    static Variable result(Tensor value, Op op, Variable... inputs) {
        return recorded(inputs) ? new Variable(value, true, op, inputs) : constant(value);
    }

    /** Whether an op on {@code inputs} is recorded for back-propagation: gradients enabled, and one input needs them. */
    static boolean recorded(Variable... inputs) {
        return Autograd.isEnabled() && Arrays.stream(inputs).anyMatch(v -> v.requiresGrad);
    }

    /** The value; do not modify it while the graph that uses it may still be differentiated. */
    public Tensor value() {
        return value;
    }

    /**
     * Counts the in-place changes of the value: code that writes into {@link #value()} of a
     * variable a recorded op may still need (an optimizer step, loading a checkpoint) calls
     * {@link #markModified()}, and back-propagating through such an op then fails instead of
     * giving a gradient computed from the wrong values.
     */
    public int version() {
        return version;
    }

    /** Records that the value was changed in place (see {@link #version()}). */
    public void markModified() {
        version++;
    }

    /** Whether gradients flow to (or through) this variable. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * The accumulated gradient of a leaf, or null before the first backward pass reaches it.
     * It is a dense tensor of its own (offset 0, no shared storage), so optimizers and
     * clipping may read and update its {@link Tensor#data()} directly.
     */
    public Tensor grad() {
        return grad;
    }

    /**
     * Forgets the accumulated gradient. Its buffer is kept and refilled by the next backward
     * pass, so a training step allocates no new gradient for a parameter: copy a gradient
     * tensor that must outlive the next step.
     */
    public void zeroGrad() {
        if (grad != null) {
            spareGrad = grad;
            spareRows = gradRows;
        }
        grad = null;
        gradRows = null;
    }

    /**
     * The rows of a row-sparse gradient, ascending: every other row of {@link #grad()} is zero.
     * Null when the gradient is dense (or absent). Only {@link #accumulateRows} makes a gradient
     * row-sparse, and any dense contribution makes it dense again.
     */
    public int[] gradientRows() {
        return gradRows == null ? null : gradRows.clone();
    }

    /**
     * Adds {@code values} [k, W] to rows {@code rows} (k of them, repeats adding up) of this leaf's
     * [R, W] gradient, keeping it row-sparse: an embedding's gradient touches only the rows of the
     * tokens in the batch, so an optimizer can update those rows alone (Deep Learning section
     * 12.4.3 on large vocabularies). Zeroes only the rows the previous sparse gradient used.
     *
     * @throws ShapeException unless this is a matrix and values are [rows.length, W]
     * @throws IllegalStateException unless this is a leaf that requires a gradient
     */
    public void accumulateRows(int[] rows, Tensor values) {
        if (op != null || !requiresGrad) {
            throw new IllegalStateException("accumulateRows: only a leaf that requires a gradient (a parameter) takes one");
        }
        int width = value.rank() == 2 ? value.dim(1) : -1;
        if (width < 0 || values.rank() != 2 || values.dim(0) != rows.length || values.dim(1) != width) {
            throw new ShapeException("accumulateRows: " + rows.length + " rows of shape " + Arrays.toString(values.shape())
                    + " for a value of shape " + Arrays.toString(value.shape()) + "; expected [" + rows.length + ", W] into [R, W]");
        }
        boolean sparse = grad == null || gradRows != null;
        if (grad == null) {
            grad = zeroedBuffer(width);
            gradRows = new int[0];
        }
        Tensor dense = values.contiguous();
        float[] g = grad.data();
        float[] v = dense.data();
        int height = value.dim(0);
        for (int k = 0; k < rows.length; k++) {
            if (rows[k] < 0 || rows[k] >= height) {
                throw new IndexOutOfBoundsException("accumulateRows: row " + rows[k] + " outside [0, " + height + ")");
            }
            int to = rows[k] * width;
            int from = dense.offset() + k * width;
            for (int j = 0; j < width; j++) {
                g[to + j] += v[from + j];
            }
        }
        if (sparse) {
            gradRows = java.util.stream.IntStream.concat(Arrays.stream(gradRows), Arrays.stream(rows)).sorted().distinct().toArray();
        }
    }

    /** The spare buffer with the rows it may hold zeroed (all of it when unknown), or a new one. */
    private Tensor zeroedBuffer(int width) {
        if (spareGrad == null) {
            return Tensor.of(new float[value.size()], value.shape());        // outside any workspace: it lives across steps
        }
        Tensor buffer = spareGrad;
        if (spareRows == null) {
            Arrays.fill(buffer.data(), 0f);
        } else {
            for (int row : spareRows) {
                Arrays.fill(buffer.data(), row * width, (row + 1) * width, 0f);
            }
        }
        spareGrad = null;
        return buffer;
    }

    /**
     * Freezes ({@code false}) or unfreezes a leaf: a frozen parameter gets no gradient, so
     * optimizers leave it as it is and it does not count in clipping norms. Freezing forgets
     * the accumulated gradient.
     *
     * @throws IllegalStateException for a value computed by an op
     */
    public void setRequiresGrad(boolean wanted) {
        if (op != null) {
            throw new IllegalStateException("only a leaf can be frozen or unfrozen; this value is computed by " + op.name());
        }
        requiresGrad = wanted;
        if (!wanted) {
            grad = null;
            spareGrad = null;
            gradRows = null;
        }
    }

    /**
     * Adds {@code g} to this leaf's gradient, as back-propagation does: for gradients computed
     * outside autograd (contrastive divergence statistics, gradients summed over workers).
     *
     * @throws ShapeException unless g has this value's shape
     * @throws IllegalStateException unless this is a leaf that requires a gradient
     */
    public void accumulateGrad(Tensor g) {
        if (op != null || !requiresGrad) {
            throw new IllegalStateException("accumulateGrad: only a leaf that requires a gradient (a parameter) takes one"
                    + (op != null ? "; this value is computed by " + op.name() : "; this one is a constant or frozen"));
        }
        if (!Arrays.equals(g.shape(), value.shape())) {
            throw new ShapeException("accumulateGrad: gradient of shape " + Arrays.toString(g.shape()) + " for a value of shape "
                    + Arrays.toString(value.shape()));
        }
        addToGrad(g);
    }

    /** grad += g in place; the first gradient is copied (into the spare buffer), so grad is a dense tensor of its own. */
    private void addToGrad(Tensor g) {
        gradRows = null;                    // a dense contribution: the gradient is dense from now on
        if (grad == null && spareGrad != null) {
            Tensor dense = g.contiguous();
            System.arraycopy(dense.data(), dense.offset(), spareGrad.data(), 0, spareGrad.size());
            grad = spareGrad;
            spareGrad = null;
        } else if (grad == null) {
            grad = g.copy();
        } else {
            Elementwise.binary(BinaryOp.ADD, grad, g, grad);
        }
    }

    /** Whether this is a leaf (a parameter or constant), not the result of an op. */
    boolean isLeaf() {
        return op == null;
    }

    /** The same value cut off from the graph: no gradient flows through the result. */
    public Variable detach() {
        return constant(value);
    }

    /**
     * Back-propagates from this scalar (a one-element value): d this / d this = 1.
     *
     * @throws ShapeException if the value has more than one element
     * @throws IllegalStateException if nothing here requires a gradient
     */
    public void backward() {
        if (value.size() != 1) {
            throw new ShapeException("backward() needs a scalar, this value has shape " + Arrays.toString(value.shape())
                    + "; reduce it (e.g. Ops.sum) or pass the upstream gradient to backward(Tensor)");
        }
        backward(Tensor.full(1f, value.shape()));
    }

    /** Back-propagates the upstream gradient {@code seed} (the shape of this value), then frees the graph. */
    public void backward(Tensor seed) {
        backward(seed, false);
    }

    /**
     * Back-propagates {@code seed}; with {@code retainGraph} the graph stays usable for another
     * backward pass (as PyTorch's {@code retain_graph=True}), otherwise its saved values are
     * released and a second pass through it fails with an {@link IllegalStateException}.
     */
    public void backward(Tensor seed, boolean retainGraph) {
        propagate(seed, null, retainGraph);
    }

    /**
     * The gradient of this scalar with respect to {@code input} alone, leaving every leaf's
     * accumulated {@link #grad()} untouched: for gradients with respect to data, such as the
     * fast gradient sign method. Zero if this value does not depend on {@code input}. The graph
     * is kept, so a backward pass may follow.
     *
     * @throws IllegalArgumentException if {@code input} does not require a gradient
     */
    public Tensor gradientWith(Variable input) {
        if (!input.requiresGrad) {
            throw new IllegalArgumentException("gradientWith: the input does not require a gradient; make it with Variable.parameter");
        }
        if (value.size() != 1) {
            throw new ShapeException("gradientWith needs a scalar, this value has shape " + Arrays.toString(value.shape()));
        }
        Tensor g = propagate(Tensor.full(1f, value.shape()), input, true);
        return g != null ? g : Tensor.zeros(input.value.shape());
    }

    /**
     * The chain rule in reverse topological order. Without a target, leaf gradients accumulate
     * into {@link #grad}; with one, only the target's gradient is kept, and returned.
     */
    private Tensor propagate(Tensor seed, Variable target, boolean retainGraph) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward() on a value that does not require a gradient; "
                    + "was it computed from parameters inside Autograd.noGrad, or from constants only?");
        }
        if (!Arrays.equals(seed.shape(), value.shape())) {
            throw new ShapeException("backward: seed shape " + Arrays.toString(seed.shape()) + " differs from the value's "
                    + Arrays.toString(value.shape()));
        }
        Map<Variable, Tensor> grads = new IdentityHashMap<>();
        grads.put(this, seed);
        Tensor targetGradient = null;
        List<Variable> order = reverseTopologicalOrder();
        for (Variable v : order) {
            Tensor g = grads.remove(v);
            if (g == null) {
                continue;
            }
            if (v == target) {
                targetGradient = g;
                continue;
            }
            if (v.op == null) {
                if (target == null) {
                    v.addToGrad(g);
                }
                continue;
            }
            Tensor[] inputGrads = v.backwardThroughOp(g, target);
            for (int i = 0; i < v.inputs.length; i++) {
                Variable in = v.inputs[i];
                if (in.requiresGrad && inputGrads[i] != null) {
                    grads.merge(in, inputGrads[i], Gradients::add);
                }
            }
        }
        if (!retainGraph) {
            order.forEach(Variable::freeGraph);
        }
        return targetGradient;
    }

    /**
     * This op's backward rule, after checking that its inputs are as recorded, with its result
     * checked. With a target, a leaf other than the target needs no gradient.
     */
    private Tensor[] backwardThroughOp(Tensor g, Variable target) {
        boolean[] needed = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Variable in = inputs[i];
            needed[i] = in.requiresGrad && (target == null || in.op != null || in == target);
            if (inputs[i].version != inputVersions[i]) {
                throw new IllegalStateException("backward through " + op.name() + ": its input " + i + " was changed in place "
                        + "after the op was recorded (version " + inputVersions[i] + ", now " + inputs[i].version
                        + "); compute the forward pass again after changing parameters");
            }
        }
        Tensor[] result = op.backward(g, needed);
        if (result == null || result.length != inputs.length) {
            throw new IllegalStateException("the backward rule of " + op.name() + " returned "
                    + (result == null ? "null" : result.length + " gradients") + " for " + inputs.length + " inputs");
        }
        for (int i = 0; i < result.length; i++) {
            if (result[i] != null && !Arrays.equals(result[i].shape(), inputs[i].value.shape())) {
                throw new IllegalStateException("the backward rule of " + op.name() + " returned a gradient of shape "
                        + Arrays.toString(result[i].shape()) + " for input " + i + " of shape "
                        + Arrays.toString(inputs[i].value.shape()));
            }
        }
        return result;
    }

    /**
     * Drops what the backward pass needed (saved values, references to the inputs), so the
     * graph can be collected; a second backward pass through it fails clearly.
     */
    private void freeGraph() {
        if (op != null && !(op instanceof FreedGraph)) {
            op = new FreedGraph(op.name());
            inputs = NO_INPUTS;
            inputVersions = NO_VERSIONS;
        }
    }

    /** What a back-propagated op leaves behind. */
    private record FreedGraph(String name) implements Op {
        @Override
        public Tensor[] backward(Tensor gradOutput, boolean[] needed) {
            throw new IllegalStateException("backward through " + name + " a second time: the graph was freed by the first "
                    + "backward pass; compute the forward pass again");
        }
    }

    /** Outputs before inputs, by an iterative depth-first search (no recursion: graphs get deep). */
    private List<Variable> reverseTopologicalOrder() {
        List<Variable> postOrder = new ArrayList<>();
        Map<Variable, Boolean> visited = new IdentityHashMap<>();
        Deque<Variable> stack = new ArrayDeque<>();
        Deque<Integer> nextChild = new ArrayDeque<>();
        stack.push(this);
        nextChild.push(0);
        visited.put(this, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Variable top = stack.peek();
            int child = nextChild.pop();
            if (child < top.inputs.length) {
                nextChild.push(child + 1);
                Variable in = top.inputs[child];
                if (in.requiresGrad && visited.putIfAbsent(in, Boolean.TRUE) == null) {
                    stack.push(in);
                    nextChild.push(0);
                }
            } else {
                postOrder.add(stack.pop());
            }
        }
        List<Variable> order = new ArrayList<>(postOrder.size());
        for (int i = postOrder.size() - 1; i >= 0; i--) {
            order.add(postOrder.get(i));
        }
        return order;
    }

    @Override
    public String toString() {
        return "Variable" + (op == null ? "" : "(" + op.name() + ")") + " " + value;
    }
}
