package deepvec.nn.optim;

/**
 * The learning rate as a function of the step k = 0, 1, 2, ... (Deep Learning section 8.3.1).
 * Apply one with {@link #applyTo(Optimizer, int)} before each step.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate at step k (k &gt;= 0). */
    float rate(int step);

    /**
     * What this schedule is, with its constants (e.g. {@code linear_decay(0.001, 1.0E-5, 4220)}),
     * so a resumed run can tell that it continues the same schedule; "custom" for a schedule
     * written as a lambda.
     */
    default String description() {
        return "custom";
    }

    /** Sets the optimizer's learning rate for step k. */
    default void applyTo(Optimizer optimizer, int step) {
        optimizer.setLearningRate(rate(step));
    }

    /** A fixed rate. */
    static LearningRateSchedule constant(float rate) {
        requirePositive("rate", rate);
        return new NamedSchedule("constant(" + rate + ")", step -> rate);
    }

    /**
     * Linear decay to a floor (eq. 8.14): {@code eps_k = (1 - a) eps_0 + a eps_tau} with
     * a = k / tau, and eps_tau after step tau. The book suggests eps_tau near 1% of eps_0.
     */
    static LearningRateSchedule linearDecay(float initial, float floor, int tau) {
        requirePositive("initial", initial);
        requirePositive("floor", floor);
        if (tau < 1) {
            throw new IllegalArgumentException("tau must be >= 1 step, got " + tau);
        }
        return new NamedSchedule("linear_decay(" + initial + ", " + floor + ", " + tau + ")", step -> {
            if (step >= tau) {
                return floor;
            }
            float a = (float) step / tau;
            return (1 - a) * initial + a * floor;
        });
    }

    /** Multiplies the rate by {@code factor} every {@code every} steps. */
    static LearningRateSchedule stepDecay(float initial, float factor, int every) {
        requirePositive("initial", initial);
        requirePositive("factor", factor);
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1 step, got " + every);
        }
        return new NamedSchedule("step_decay(" + initial + ", " + factor + ", " + every + ")",
                step -> (float) (initial * Math.pow(factor, step / every)));
    }

    /** {@code eps_0 * gamma^k}. */
    static LearningRateSchedule exponential(float initial, float gamma) {
        requirePositive("initial", initial);
        requirePositive("gamma", gamma);
        return new NamedSchedule("exponential(" + initial + ", " + gamma + ")", step -> (float) (initial * Math.pow(gamma, step)));
    }

    /** Cosine annealing from eps_0 to a floor over {@code period} steps, the floor after. */
    static LearningRateSchedule cosine(float initial, float floor, int period) {
        requirePositive("initial", initial);
        requirePositive("floor", floor);
        if (period < 1) {
            throw new IllegalArgumentException("period must be >= 1 step, got " + period);
        }
        return new NamedSchedule("cosine(" + initial + ", " + floor + ", " + period + ")", step -> step >= period ? floor
                : (float) (floor + 0.5 * (initial - floor) * (1 + Math.cos(Math.PI * step / period))));
    }

    /** This schedule preceded by a linear warm-up from rate/warmup to its step-0 rate. */
    default LearningRateSchedule withWarmup(int warmup) {
        if (warmup < 1) {
            throw new IllegalArgumentException("warm-up must be >= 1 step, got " + warmup);
        }
        return new NamedSchedule(description() + ".with_warmup(" + warmup + ")",
                step -> step < warmup ? rate(0) * (step + 1) / warmup : rate(step - warmup));
    }

    private static void requirePositive(String name, float value) {
        if (!(value > 0f) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
    }
}
