package deepvec.nn.layer;

import deepvec.nn.autograd.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * The per-call state of a forward pass, bound for the extent of a call as a {@link ScopedValue}
 * (as {@link deepvec.nn.autograd.Autograd#noGrad} binds gradient recording): whether layers
 * train (dropout draws masks, batch normalisation uses the batch's statistics), whether they
 * update running statistics, and the activity penalties, such as Omega(h) of Deep Learning
 * section 7.10, that the pass adds to the objective. Layers keep none of this themselves, so a
 * layer applied T times (a recurrent cell) adds T penalties, and a probing pass (the fast
 * gradient sign method's) changes no statistics.
 *
 * <p>Outside any bound context a forward pass evaluates: no dropout, running statistics, no
 * penalties collected.
 *
 * <pre>{@code
 * ForwardContext pass = ForwardContext.training();
 * Variable logits = pass.call(() -> model.forward(x));
 * Variable objective = loss(logits);
 * for (Variable penalty : pass.penalties()) {
 *     objective = Ops.add(objective, penalty);
 * }
 * }</pre>
 */
public final class ForwardContext {

    private static final ScopedValue<ForwardContext> CURRENT = ScopedValue.newInstance();
    private static final ForwardContext EVALUATION = new ForwardContext(false, false, false);

    private final boolean training;
    private final boolean updatesStatistics;
    private final List<Variable> penalties;     // null: penalties are not wanted

    private ForwardContext(boolean training, boolean updatesStatistics, boolean collectsPenalties) {
        this.training = training;
        this.updatesStatistics = updatesStatistics;
        this.penalties = collectsPenalties ? new ArrayList<>() : null;
    }

    /** A fresh training pass: training behaviour, statistics updated, penalties collected. */
    public static ForwardContext training() {
        return new ForwardContext(true, true, true);
    }

    /**
     * Training behaviour without side effects: dropout and batch statistics as in training, but
     * running statistics are left alone and penalties are dropped. For passes that only probe
     * the model, such as computing an adversarial example.
     */
    public static ForwardContext probe() {
        return new ForwardContext(true, false, false);
    }

    /** Evaluation: what a forward pass does outside any context. */
    public static ForwardContext evaluation() {
        return EVALUATION;
    }

    /** The context bound on this thread now, or {@link #evaluation()}. */
    public static ForwardContext current() {
        return CURRENT.orElse(EVALUATION);
    }

    /** Computes {@code body} with this context bound. */
    public <T> T call(Supplier<T> body) {
        return ScopedValue.where(CURRENT, this).call(body::get);
    }

    /** Whether layers behave as in training (dropout on, batch statistics). */
    public boolean isTraining() {
        return training;
    }

    /** Whether layers update running statistics (batch normalisation's averages). */
    public boolean updatesStatistics() {
        return updatesStatistics;
    }

    /** Whether {@link #addPenalty} keeps what it is given (so a layer can skip computing a penalty). */
    public boolean collectsPenalties() {
        return penalties != null;
    }

    /** Adds a penalty term to this pass's objective; dropped unless the context collects them. */
    public void addPenalty(Variable penalty) {
        if (penalties != null) {
            penalties.add(penalty);
        }
    }

    /** The penalties added so far, in the order the layers added them. */
    public List<Variable> penalties() {
        return penalties == null ? List.of() : Collections.unmodifiableList(penalties);
    }
}
