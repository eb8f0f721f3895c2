package deepvec.nn.train;

import deepvec.nn.data.Dataset;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;

/** Test data: three Gaussian classes in d dimensions around centres on the first axes. */
final class Blobs {

    private Blobs() {
    }

    static Dataset make(int n, int d, float spread, long seed) {
        Rng rng = Rng.seeded(seed);
        Tensor x = rng.normal(0f, spread, n, d);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(3);
            x.data()[i * d + y[i]] += 1.5f;
        }
        return Dataset.of(x, y);
    }
}
