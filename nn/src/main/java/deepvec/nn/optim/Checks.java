package deepvec.nn.optim;

/** Hyper-parameter validation shared by the optimisers. */
final class Checks {

    private Checks() {
    }

    /** A decay rate in [0, 1). */
    static float decay(String name, float value) {
        if (!(value >= 0f && value < 1f)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** A positive finite constant. */
    static float positive(String name, float value) {
        if (!(value > 0f) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
        return value;
    }
}
