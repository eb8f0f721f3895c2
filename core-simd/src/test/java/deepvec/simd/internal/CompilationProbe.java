package deepvec.simd.internal;

import deepvec.simd.Convolution;
import deepvec.simd.ConvGeometry;
import deepvec.simd.Gemm;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;

/**
 * Main class for {@link KernelCompilationTest}: calls the large vector kernels (the GEMM tiles
 * and packing, the recurrent cells forward and backward, the transcendentals, a convolution)
 * often enough for both JIT tiers to compile them.
 */
public final class CompilationProbe {

    private CompilationProbe() {
    }

    public static void main(String[] args) {
        Kernels k = KernelProvider.kernels();
        int hidden = 40;                                  // two whole vectors and a masked one at 16 lanes
        float[] gates = Rng.seeded(1).uniform(-2f, 2f, 4 * hidden).toArray();
        float[] state = Rng.seeded(2).uniform(-1f, 1f, hidden).toArray();
        float[] out = new float[4 * hidden];
        float[] dc = new float[hidden];
        float[] dX = new float[3 * hidden];
        float[] dH = new float[3 * hidden];
        Tensor a = Rng.seeded(3).uniform(-1f, 1f, 68, 150);     // five 12-row tiles and two short ones
        Tensor b = Rng.seeded(4).uniform(-1f, 1f, 150, 100);
        Tensor x = Rng.seeded(5).uniform(-1f, 1f, 2, 3, 9, 9);
        Tensor w = Rng.seeded(6).uniform(-1f, 1f, 4, 3, 3, 3);
        int[] one = {1, 1};
        ConvGeometry g = Convolution.geometry(x, w, one, one, one, 1);
        float sink = 0;
        for (int i = 0; i < 20_000; i++) {
            float[] activated = gates.clone();
            k.recurrent().lstmCell(activated, 0, state, 0, out, 0, out, hidden, out, 2 * hidden, hidden);
            k.recurrent().lstmCellBackward(activated, 0, state, 0, out, hidden, state, 0, dc, 0, out, 0, hidden);
            k.recurrent().gruCell(activated, 0, gates, 0, state, 0, out, 0, hidden);
            k.recurrent().gruCellBackward(activated, 0, gates, 0, state, 0, state, 0, dX, 0, dH, 0, dc, 0, hidden);
            if (i % 20 == 0) {
                sink += Gemm.matmul(a, b).get(0, 0) + Gemm.matmul(a.transpose(0, 1).contiguous().transpose(0, 1), b).get(1, 1);
                sink += Convolution.weightGradient(g, x, Convolution.forward(g, x, w, null), 4).get(0, 0, 0, 0);
            }
        }
        System.out.println("done " + (sink != sink ? "nan" : "ok"));
    }
}
