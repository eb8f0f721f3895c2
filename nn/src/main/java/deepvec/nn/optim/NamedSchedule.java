package deepvec.nn.optim;

/** A schedule of the factories in {@link LearningRateSchedule}, with the description it was made from. */
record NamedSchedule(String description, LearningRateSchedule rule) implements LearningRateSchedule {

    @Override
    public float rate(int step) {
        return rule.rate(step);
    }

    @Override
    public String toString() {
        return description;
    }
}
