package deepvec.nn.train;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.data.Batch;
import deepvec.nn.data.DataLoader;
import deepvec.nn.data.Dataset;
import deepvec.nn.layer.CarriedStates;
import deepvec.nn.layer.ForwardContext;
import deepvec.nn.layer.Layer;
import deepvec.nn.optim.GradientClipping;
import deepvec.nn.optim.Optimizer;
import deepvec.nn.regularize.FastGradientSign;
import deepvec.nn.regularize.ParameterConstraint;
import deepvec.nn.regularize.Penalties;
import deepvec.simd.Tensor;
import deepvec.simd.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One model fitted by one optimizer to an {@link Objective} (classification, regression,
 * reconstruction): each step back-propagates the regularised objective (Deep Learning
 * algorithm 8.1 and its variants) {@code J(x) + Omega}, where Omega holds the activity penalties
 * the forward pass added (section 7.10) and L2 weight decay on the weight matrices (eq. 7.1),
 * optionally mixed with the adversarial term of section 7.13,
 * {@code alpha J~(x) + (1 - alpha) J~(x + epsilon sign(grad_x J))}; then it clips the gradient
 * norm (eq. 10.48), steps and projects onto the parameter constraints. It reports
 * {@code loss} (the data loss, without penalties), the objective's metrics and
 * {@code gradient_norm}, and, when asked, {@code gTg} and {@code gTHg} after each epoch
 * (eq. 4.9, 8.10) on a fixed batch of the first 512 training examples.
 *
 * <pre>{@code
 * SupervisedTask task = SupervisedTask.builder(model, new Adam(model.namedParameters(), 1e-3f),
 *         Objective.classification(10)).weightDecay(1e-4f).build();
 * }</pre>
 */
public final class SupervisedTask implements TrainingTask {

    private static final int EVALUATION_BATCH = 1000;

    private final Layer model;
    private final Optimizer optimizer;
    private final Objective objective;
    private final Builder settings;
    private final Workspace workspace = new Workspace();
    private final CarriedStates carried;        // null: every batch starts from zero states
    private Batch monitorBatch;

    private SupervisedTask(Builder settings) {
        this.model = settings.model;
        this.optimizer = settings.optimizer;
        this.objective = settings.objective;
        this.settings = settings;
        this.carried = settings.streams > 0 ? new CarriedStates() : null;
    }

    /** Starts configuring a task that fits {@code model} to {@code objective} with {@code optimizer}. */
    public static Builder builder(Layer model, Optimizer optimizer, Objective objective) {
        return new Builder(model, optimizer, objective);
    }

    /** A task with no regularisation, clipping or monitoring. */
    public static SupervisedTask of(Layer model, Optimizer optimizer, Objective objective) {
        return builder(model, optimizer, objective).build();
    }

    /** The model being fitted. */
    public Layer model() {
        return model;
    }

    @Override
    public Map<String, Layer> models() {
        return Map.of("model", model);
    }

    @Override
    public Map<String, Optimizer> optimizers() {
        return Map.of("optimizer", optimizer);
    }

    @Override
    public void prepare(Batch sample) {
        objective.check(model.predict(sample.floats(objective.input())), sample);
        monitorBatch = settings.monitorCurvature ? sample : null;
    }

    @Override
    public void checkData(Dataset data) {
        objective.checkData(data);
    }

    /**
     * {@inheritDoc} Runs in this task's {@link Workspace}: the activations and gradients of a step
     * reuse the storage of the previous one (nothing of a step outlives it but the metrics).
     */
    @Override
    public Map<String, Double> step(Batch batch) {
        return workspace.call(() -> stepInWorkspace(batch));
    }

    private Map<String, Double> stepInWorkspace(Batch batch) {
        ForwardContext pass = ForwardContext.training();
        Supplier<Variable> forward = () -> model.forward(Variable.constant(batch.floats(objective.input())));
        Variable output = pass.call(carried == null ? forward : () -> carried.call(forward));
        Variable dataLoss = objective.loss(output, batch);
        Variable regularized = regularized(dataLoss, pass.penalties(), batch);
        optimizer.zeroGrad();
        regularized.backward();
        var parameters = optimizer.parameters().values();
        double norm = settings.clipNorm > 0f ? GradientClipping.clipByNorm(parameters, settings.clipNorm)
                : GradientClipping.globalNorm(parameters);
        optimizer.step();
        for (ParameterConstraint constraint : settings.constraints) {
            parameters.forEach(constraint::project);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", (double) dataLoss.value().get(0));
        metrics.putAll(objective.metrics(output.value(), batch));
        metrics.put("gradient_norm", norm);
        return metrics;
    }

    /** The data loss plus penalties and weight decay, and the adversarial term when configured. */
    private Variable regularized(Variable dataLoss, List<Variable> penalties, Batch batch) {
        Variable objectiveValue = withPenalties(dataLoss, penalties);
        if (settings.adversarialEpsilon > 0f) {
            Function<Variable, Variable> lossOfOutput = out -> objective.loss(out, batch);
            Tensor x = batch.floats(objective.input());
            Tensor perturbed = ForwardContext.probe().call(() -> FastGradientSign.perturb(model, x, lossOfOutput,
                    settings.adversarialEpsilon));
            ForwardContext adversarialPass = ForwardContext.training();
            Variable adversarialOutput = adversarialPass.call(() -> model.forward(Variable.constant(perturbed)));
            Variable adversarial = withPenalties(lossOfOutput.apply(adversarialOutput), adversarialPass.penalties());
            objectiveValue = Ops.add(Ops.scale(objectiveValue, settings.adversarialAlpha),
                    Ops.scale(adversarial, 1f - settings.adversarialAlpha));
        }
        if (settings.weightDecay > 0f) {
            List<Variable> weights = optimizer.parameters().values().stream().filter(p -> p.value().rank() >= 2).toList();
            objectiveValue = Ops.add(objectiveValue, Penalties.l2(weights, settings.weightDecay));
        }
        return objectiveValue;
    }

    private static Variable withPenalties(Variable loss, List<Variable> penalties) {
        Variable total = loss;
        for (Variable penalty : penalties) {
            total = Ops.add(total, penalty);
        }
        return total;
    }

    @Override
    public Map<String, Double> afterEpoch() {
        if (carried != null) {
            carried.reset();            // the next epoch reads the streams from their start
        }
        if (monitorBatch == null) {
            return Map.of();
        }
        Tensor x = monitorBatch.floats(objective.input());   // evaluation mode: the same function every time
        Curvature.Estimate estimate = Curvature.alongGradient(() -> objective.loss(model.forward(Variable.constant(x)), monitorBatch),
                new ArrayList<>(optimizer.parameters().values()));
        optimizer.zeroGrad();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("gTg", estimate.gradientSquared());
        metrics.put("gTHg", estimate.curvature());
        return metrics;
    }

    @Override
    public Map<String, Double> evaluate(Dataset data) {
        MetricMeans means = new MetricMeans();
        CarriedStates fresh = carried == null ? null : new CarriedStates();
        for (Batch batch : DataLoader.sequential(data, fresh == null ? EVALUATION_BATCH : settings.streams).epoch(0)) {
            Tensor x = batch.floats(objective.input());
            Tensor output = fresh == null ? model.predict(x) : fresh.call(() -> model.predict(x));
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("loss", (double) Autograd.noGrad(() -> objective.loss(Variable.constant(output), batch)).value().get(0));
            metrics.putAll(objective.metrics(output, batch));
            means.add(metrics, batch.size());
        }
        return means.means();
    }

    /** Task settings; every one has a default but the model, optimizer and objective. */
    public static final class Builder {
        private final Layer model;
        private final Optimizer optimizer;
        private final Objective objective;
        private final List<ParameterConstraint> constraints = new ArrayList<>();
        private float clipNorm;
        private float weightDecay;
        private float adversarialEpsilon;
        private float adversarialAlpha = 0.5f;
        private boolean monitorCurvature;
        private int streams;

        private Builder(Layer model, Optimizer optimizer, Objective objective) {
            this.model = model;
            this.optimizer = optimizer;
            this.objective = objective;
        }

        /** Clips the global gradient norm to {@code maxNorm} (eq. 10.48); 0 turns clipping off. */
        public Builder clipGradientNorm(float maxNorm) {
            this.clipNorm = Trainer.nonNegative("gradient clipping norm", maxNorm);
            return this;
        }

        /** Adds (lambda/2) ||W||^2 over the weight matrices (eq. 7.1); biases are not decayed. */
        public Builder weightDecay(float lambda) {
            this.weightDecay = Trainer.nonNegative("weight decay", lambda);
            return this;
        }

        /** Projects every parameter onto {@code constraint} after each step (e.g. {@link deepvec.nn.regularize.MaxNorm}). */
        public Builder constraint(ParameterConstraint constraint) {
            constraints.add(constraint);
            return this;
        }

        /**
         * Adversarial training with the fast gradient sign method: the objective becomes
         * {@code alpha J~(x) + (1 - alpha) J~(x + epsilon sign(grad_x J))}, each pass with its own penalties.
         */
        public Builder adversarial(float epsilon, float alpha) {
            this.adversarialEpsilon = Trainer.nonNegative("adversarial epsilon", epsilon);
            if (!(alpha >= 0f && alpha <= 1f)) {
                throw new IllegalArgumentException("adversarial alpha must be in [0, 1], got " + alpha);
            }
            this.adversarialAlpha = alpha;
            return this;
        }

        /**
         * Truncated back-propagation through time over {@code streams} parallel streams (section
         * 10.2.2): the data's examples are laid out so that batch k + 1 continues the rows of batch
         * k (as {@link deepvec.nn.text.LanguageModelData#streams} lays them out, fed in order, in
         * batches of {@code streams}), and each recurrent layer starts a batch from the state the
         * previous one ended in, with gradients stopping between batches ({@link CarriedStates}).
         * The states start from zeros at each epoch and at each evaluation, which reads its data in
         * order in batches of {@code streams} too.
         */
        public Builder carryStates(int streams) {
            if (streams < 1) {
                throw new IllegalArgumentException("carried states need at least 1 stream, got " + streams);
            }
            this.streams = streams;
            return this;
        }

        /** Measures g^T g and g^T H g after each epoch on the first 512 training examples. */
        public Builder monitorCurvature(boolean monitor) {
            this.monitorCurvature = monitor;
            return this;
        }

        public SupervisedTask build() {
            return new SupervisedTask(this);
        }
    }
}
