package deepvec.simd.internal;

import deepvec.simd.Gemm;
import deepvec.simd.Simd;

/** Main class for {@link ScalarFallbackTest}: reports the kernels and checks one GEMM. */
public final class ProviderProbe {

    private ProviderProbe() {
    }

    public static void main(String[] args) {
        try {
            System.out.println("kernels=" + Simd.kernelName() + " vectorized=" + Simd.isVectorized());
        } catch (RuntimeException first) {
            System.out.println("first call: " + first);
            try {
                Simd.kernelName();
            } catch (RuntimeException second) {
                System.out.println("second call: " + second);     // the same clear error, not NoClassDefFoundError
            }
            System.exit(3);
        }
        int m = 37;
        int n = 45;
        int k = 70;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) - 3;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i % 5) - 2;
        }
        float[] c = new float[m * n];
        Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long expected = 0;
                for (int p = 0; p < k; p++) {
                    expected += (long) a[i * k + p] * (long) b[p * n + j];
                }
                if (c[i * n + j] != expected) {
                    throw new AssertionError("gemm wrong at " + i + "," + j);
                }
            }
        }
        System.out.println("gemm ok");
    }
}
