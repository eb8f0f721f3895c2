package deepvec.simd.internal;

import deepvec.simd.Gemm;
import deepvec.simd.Reduce;
import deepvec.simd.Softmax;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;

/** Main class for {@link JitIndependenceTest}: the bits of every kernel that reduces across lanes. */
public final class ReductionProbe {

    private ReductionProbe() {
    }

    /** A fingerprint of skinny GEMM (dot-product tiles), sums, variance and softmax on fixed random data. */
    static String fingerprint() {
        Tensor a = Rng.seeded(1).normal(0f, 1f, 64, 300);
        Tensor b = Rng.seeded(2).normal(0f, 1f, 300, 10);
        Tensor x = Rng.seeded(3).normal(0f, 1f, 5000);
        Tensor logits = Rng.seeded(4).normal(0f, 3f, 8, 1000);
        return Arrays.hashCode(Gemm.matmul(a, b).toArray()) + " " + Float.floatToIntBits(Reduce.sum(x)) + " "
                + Float.floatToIntBits(Reduce.variance(x, 1)) + " " + Arrays.hashCode(Softmax.softmax(logits, 1).toArray());
    }

    public static void main(String[] args) {
        System.out.println("fingerprint=" + fingerprint());
    }
}
