package deepvec.nn.layer;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import deepvec.simd.Workspace;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Walks a layer's module tree: the path names of what its nodes hold. */
final class LayerTree {

    private LayerTree() {
    }

    /**
     * What {@code local} gives for each node, by path name ("child.grandchild.name"), in
     * depth-first order with each node's own entries before its children's. An object reached
     * twice (a tied weight, a layer used in two places) keeps its first name. Iterative, so a
     * deep tree (an unrolled sequence) cannot overflow the stack.
     */
    static <T> Map<String, T> collect(Layer root, Function<Layer, Map<String, T>> local) {
        Map<String, T> all = new LinkedHashMap<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Map.Entry<String, Layer>> pending = new ArrayDeque<>();
        pending.push(Map.entry("", root));
        while (!pending.isEmpty()) {
            Map.Entry<String, Layer> node = pending.pop();
            String prefix = node.getKey();
            for (Map.Entry<String, T> e : local.apply(node.getValue()).entrySet()) {
                if (seen.add(e.getValue())) {
                    all.put(prefix + e.getKey(), e.getValue());
                }
            }
            Map.Entry<String, Layer>[] children = childrenOf(prefix, node.getValue());
            for (int i = children.length - 1; i >= 0; i--) {   // pushed last-first: visited in order
                pending.push(children[i]);
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map.Entry<String, Layer>[] childrenOf(String prefix, Layer layer) {
        return layer.children().entrySet().stream().map(c -> Map.entry(prefix + c.getKey() + ".", c.getValue()))
                .toArray(Map.Entry[]::new);
    }

    /** Each thread's workspace for inference: the activations of one prediction reuse the last one's storage. */
    private static final ThreadLocal<Workspace> INFERENCE = ThreadLocal.withInitial(Workspace::new);

    /**
     * The model's output in evaluation mode without a graph, computed in this thread's inference
     * workspace (a new one for a prediction inside a prediction) and copied out of it.
     */
    static Tensor predict(Layer model, Tensor input) {
        Workspace workspace = INFERENCE.get().inCall() ? new Workspace() : INFERENCE.get();
        return workspace.call(() -> ForwardContext.evaluation().call(() -> Autograd.noGrad(() ->
                model.forward(Variable.constant(input))).value().copy()));
    }
}
