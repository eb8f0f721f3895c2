package deepvec.nn.data;

import deepvec.simd.random.Rng;

/** Seeded permutations (Fisher-Yates). */
final class Shuffle {

    private Shuffle() {
    }

    /** A uniformly random permutation of 0 .. n-1. */
    static int[] permutation(int n, Rng rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
