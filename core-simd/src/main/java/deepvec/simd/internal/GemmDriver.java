package deepvec.simd.internal;

import deepvec.simd.ComputePool;

/**
 * {@code C = alpha * A * B + beta * C} by the BLIS algorithm: five loops (jc, pc, ic, jr, ir)
 * around one register tile, with A and B packed per cache block. Blocks: a kc x NR panel of B
 * is reused from L1 by every A panel, an mc x kc block of A stays in L2, and a kc x nc block
 * of B in L3.
 *
 * <p><b>Determinism.</b> Every element of C is the sum over each kc block, in k order, by
 * fused multiply-adds from zero, then {@code fma(beta', C, alpha * acc)} (beta' = 1 after the
 * first block; a plain store when alpha = 1 and beta' = 0). The k blocking depends
 * only on k, and threads split C into disjoint column or row ranges, so the result is
 * bit-identical for any thread count, any register-tile shape and either path below.
 *
 * <p><b>Skinny shapes.</b> When C is much narrower than a register tile (n = 10, say) the
 * driver computes C^T = B^T A^T instead, so the long dimension fills the vector lanes.
 */
public final class GemmDriver {

    static final int KC = 512;
    static final int MC = 288;
    static final int NC = 4096;

    /** Below this many flops one thread does the whole product: forking costs more. */
    private static final double PARALLEL_MIN_FLOPS = 4e6;
    /** The transposed problem must fill tiles this much better to pay for its strided stores. */
    private static final double SWAP_GAIN = 1.25;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private GemmDriver() {
    }

    /** Computes C (m x n) = alpha * A (m x k) * B (k x n) + beta * C; beta == 0 never reads C. */
    public static void gemm(Kernels kernels, ComputePool pool, int m, int n, int k, float alpha,
                            GemmOperand a, GemmOperand b, float beta, GemmOperand c) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c);
            return;
        }
        int mr = kernels.gemmMr();
        int nr = kernels.gemmNr();
        if (tileFill(n, mr) * tileFill(m, nr) >= SWAP_GAIN * tileFill(m, mr) * tileFill(n, nr)) {
            gemm(kernels, pool, n, m, k, alpha, b.transposed(), a.transposed(), beta, c.transposed());
            return;
        }
        int parts = 2.0 * m * n * k < PARALLEL_MIN_FLOPS ? 1 : pool.threads();
        if (parts == 1) {
            blocked(kernels, m, n, k, alpha, a, b, beta, c);
            return;
        }
        boolean splitColumns = n >= parts * 2 * nr || n >= m;
        int extent = splitColumns ? n : m;
        int unit = splitColumns ? nr : mr;
        int chunk = ceilDiv(ceilDiv(extent, parts), unit) * unit;
        int used = ceilDiv(extent, chunk);
        pool.parallelFor(used, part -> {
            int start = part * chunk;
            int len = Math.min(chunk, extent - start);
            if (splitColumns) {
                blocked(kernels, m, len, k, alpha, a, shiftColumns(b, start), beta, shiftColumns(c, start));
            } else {
                blocked(kernels, len, n, k, alpha, shiftRows(a, start), b, beta, shiftRows(c, start));
            }
        });
    }

    /** Fraction of a tile's lanes that hold real data when {@code extent} is cut into tiles. */
    private static double tileFill(int extent, int tile) {
        return (double) extent / (ceilDiv(extent, tile) * tile);
    }

    private static void blocked(Kernels kernels, int m, int n, int k, float alpha,
                                GemmOperand a, GemmOperand b, float beta, GemmOperand c) {
        int mr = kernels.gemmMr();
        int nr = kernels.gemmNr();
        Workspace ws = WORKSPACE.get();
        int kBlocks = ceilDiv(k, KC);
        int kcMax = ceilDiv(k, kBlocks);     // balanced: k = 600 gives 300 + 300, not 512 + 88
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                float[] packedB = ws.packedB(kc * ceilDiv(nc, nr) * nr);
                GemmPacking.packB(b, pc, jc, kc, nc, nr, packedB);
                float blockBeta = pc == 0 ? beta : 1f;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    float[] packedA = ws.packedA(kc * ceilDiv(mc, mr) * mr);
                    GemmPacking.packA(a, ic, pc, mc, kc, mr, packedA);
                    macroKernel(kernels, ws, mc, nc, kc, alpha, packedA, packedB, blockBeta, c, ic, jc);
                }
            }
        }
    }

    /** The jr and ir loops: every register tile of one packed A block times one packed B block. */
    private static void macroKernel(Kernels kernels, Workspace ws, int mc, int nc, int kc, float alpha,
                                    float[] packedA, float[] packedB, float beta,
                                    GemmOperand c, int ic, int jc) {
        int mr = kernels.gemmMr();
        int nr = kernels.gemmNr();
        float[] tile = ws.tile(mr * nr);
        boolean overwrite = alpha == 1f && beta == 0f && c.colStride() == 1;
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            for (int ir = 0; ir < mc; ir += mr) {
                int rows = Math.min(mr, mc - ir);
                int cIndex = c.index(ic + ir, jc + jr);
                if (overwrite && rows == mr && cols == nr) {
                    kernels.gemmTile(kc, packedA, ir * kc, packedB, jr * kc, nr, c.data(), cIndex, c.rowStride());
                } else { // edge, scaled or strided C: tile into scratch, then merge what is real
                    kernels.gemmTile(kc, packedA, ir * kc, packedB, jr * kc, nr, tile, 0, nr);
                    mergeTile(kernels, tile, nr, rows, cols, alpha, beta, c, cIndex);
                }
            }
        }
    }

    /**
     * c = beta * c + (alpha * tile), one fused rounding, never reading c when beta == 0. Every
     * route to C goes through these same operations, which keeps results path-independent.
     */
    private static void mergeTile(Kernels kernels, float[] tile, int nr, int rows, int cols,
                                  float alpha, float beta, GemmOperand c, int cIndex) {
        float[] data = c.data();
        for (int i = 0; i < rows; i++) {
            int ci = cIndex + i * c.rowStride();
            if (c.colStride() == 1) {
                if (beta == 0f) {
                    kernels.scale(alpha, tile, i * nr, data, ci, cols);
                } else {
                    kernels.axpby(alpha, tile, i * nr, beta, data, ci, cols);
                }
                continue;
            }
            for (int j = 0; j < cols; j++, ci += c.colStride()) {
                float scaled = alpha * tile[i * nr + j];
                data[ci] = beta == 0f ? scaled : Math.fma(beta, data[ci], scaled);
            }
        }
    }

    /** C = beta * C, writing zeros without reading C when beta == 0. */
    private static void scale(int m, int n, float beta, GemmOperand c) {
        float[] data = c.data();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = c.index(i, j);
                data[ci] = beta == 0f ? 0f : beta * data[ci];
            }
        }
    }

    private static GemmOperand shiftColumns(GemmOperand x, int cols) {
        return new GemmOperand(x.data(), x.index(0, cols), x.rowStride(), x.colStride());
    }

    private static GemmOperand shiftRows(GemmOperand x, int rows) {
        return new GemmOperand(x.data(), x.index(rows, 0), x.rowStride(), x.colStride());
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Per-thread packing buffers, grown on demand and reused across calls. */
    private static final class Workspace {
        private float[] packedA = new float[0];
        private float[] packedB = new float[0];
        private float[] tile = new float[0];

        float[] packedA(int size) {
            if (packedA.length < size) {
                packedA = new float[size];
            }
            return packedA;
        }

        float[] packedB(int size) {
            if (packedB.length < size) {
                packedB = new float[size];
            }
            return packedB;
        }

        float[] tile(int size) {
            if (tile.length < size) {
                tile = new float[size];
            }
            return tile;
        }
    }
}
