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

    private final Tensor value;
    private boolean requiresGrad;       // changes only for leaves (freezing a parameter)
    private final Op op;                 // null for leaves
    private final Variable[] inputs;     // empty for leaves
    private Tensor grad;

    private Variable(Tensor value, boolean requiresGrad, Op op, Variable[] inputs) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.op = op;
        this.inputs = inputs;
    }

    /** A leaf whose gradient is wanted: a model parameter or an input to differentiate by. */
    public static Variable parameter(Tensor value) {
        return new Variable(value, true, null, new Variable[0]);
    }

    /** A leaf without gradient: data, targets, fixed coefficients. */
    public static Variable constant(Tensor value) {
        return new Variable(value, false, null, new Variable[0]);
    }

    /** The result of {@code op} on {@code inputs}; recorded only while gradients are enabled. */
    static Variable result(Tensor value, Op op, Variable... inputs) {
        boolean track = Autograd.isEnabled() && Arrays.stream(inputs).anyMatch(v -> v.requiresGrad);
        return track ? new Variable(value, true, op, inputs) : constant(value);
    }

    /** The value; do not modify it while the graph that uses it may still be differentiated. */
    public Tensor value() {
        return value;
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

    /** Forgets the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
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

    /** grad += g in place; the first gradient is copied, so grad is a dense tensor of its own. */
    private void addToGrad(Tensor g) {
        if (grad == null) {
            grad = g.copy();
        } else {
            Elementwise.binary(BinaryOp.ADD, grad, g, grad);
        }
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

    /** Back-propagates the upstream gradient {@code seed} (the shape of this value). */
    public void backward(Tensor seed) {
        propagate(seed, null);
    }

    /**
     * The gradient of this scalar with respect to {@code input} alone, leaving every leaf's
     * accumulated {@link #grad()} untouched: for gradients with respect to data, such as the
     * fast gradient sign method. Zero if this value does not depend on {@code input}.
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
        Tensor g = propagate(Tensor.full(1f, value.shape()), input);
        return g != null ? g : Tensor.zeros(input.value.shape());
    }

    /**
     * The chain rule in reverse topological order. Without a target, leaf gradients accumulate
     * into {@link #grad}; with one, only the target's gradient is kept, and returned.
     */
    private Tensor propagate(Tensor seed, Variable target) {
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
        for (Variable v : reverseTopologicalOrder()) {
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
            Tensor[] inputGrads = v.op.backward(g);
            for (int i = 0; i < v.inputs.length; i++) {
                Variable in = v.inputs[i];
                if (in.requiresGrad && inputGrads[i] != null) {
                    grads.merge(in, inputGrads[i], Gradients::add);
                }
            }
        }
        return targetGradient;
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
