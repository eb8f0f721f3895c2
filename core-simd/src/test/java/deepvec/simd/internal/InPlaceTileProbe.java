package deepvec.simd.internal;

import deepvec.simd.Gemm;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;

/** Main class for {@link InPlaceTilePolicyTest}: which way this JVM reads A, and the bits of GEMMs with few rows. */
public final class InPlaceTileProbe {

    private InPlaceTileProbe() {
    }

    /** Products whose A has at most 96 rows (read in place or packed, by the policy), full and ragged. */
    static String fingerprint() {
        int[][] shapes = {{32, 512, 157}, {64, 300, 288}, {37, 200, 100}, {5, 130, 70}, {96, 64, 600}};
        StringBuilder out = new StringBuilder();
        for (int[] s : shapes) {
            Tensor a = Rng.seeded(s[0]).normal(0f, 1f, s[0], s[2]);
            Tensor b = Rng.seeded(s[1]).normal(0f, 1f, s[2], s[1]);
            out.append(Arrays.hashCode(Gemm.matmul(a, b).toArray())).append(' ');
        }
        return out.toString().trim();
    }

    public static void main(String[] args) {
        System.out.println("inPlace=" + KernelProvider.kernels().gemm().readsAInPlace());
        System.out.println("fingerprint=" + fingerprint());
    }
}
