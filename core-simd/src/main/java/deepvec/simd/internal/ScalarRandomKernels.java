package deepvec.simd.internal;

/**
 * {@link RandomKernels} in plain loops: the reference the vector kernels are tested
 * against and the fallback without the Vector API. Transcendentals use {@link Math} in double and round once.
 */
public final class ScalarRandomKernels implements RandomKernels {

    @Override
    public void uniform(long key, long counter, float[] y, int yo, int n) {
        for (int j = 0; j < n; j++) {
            long w = CounterMix.word(key, counter + (j >>> 1));
            int half = (j & 1) == 0 ? (int) w : (int) (w >>> 32);
            y[yo + j] = CounterMix.unit(half);
        }
    }

    @Override
    public void normal(long key, long counter, float[] y, int yo, int n) {
        for (int j = 0; j < n; j += 2) {
            long w = CounterMix.word(key, counter + (j >>> 1));
            double u1 = CounterMix.unit((int) w);
            double u2 = CounterMix.unit((int) (w >>> 32));
            double radius = Math.sqrt(-2 * Math.log(1 - u1)); // 1 - u1 is in (0, 1]
            double angle = 2 * Math.PI * u2;
            y[yo + j] = (float) (radius * Math.cos(angle));
            if (j + 1 < n) {
                y[yo + j + 1] = (float) (radius * Math.sin(angle));
            }
        }
    }

    @Override
    public void bernoulliFromUniform(float p, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = y[yo + i] < p ? 1f : 0f;
        }
    }
}
