package deepvec.simd;

import deepvec.simd.internal.GemmKernels;
import deepvec.simd.internal.Kernels;
import java.util.Arrays;

/**
 * {@code C = alpha * A * B + beta * C} by the BLIS algorithm: five loops (jc, pc, ic, jr, ir)
 * around one register tile, with A and B packed per cache block. Blocks: a kc x NR panel of B
 * is reused from L1 by every A panel, an mc x kc block of A stays in L2, and a kc x nc block
 * of B in L3.
 *
 * <p><b>Determinism.</b> On the register-tile path every element of C is the sum over each kc
 * block, in k order, by fused multiply-adds from zero, then {@code fma(beta', C, alpha * acc)}
 * (beta' = 1 after the first block; with alpha = 1 the tile itself stores acc when beta' = 0 and
 * C + acc when beta' = 1, the same rounding), whether A and B are packed or read in place
 * (rows of either operand past its edge are computed from padding or repeats and never stored).
 * The k blocking depends only on k, and threads split C into disjoint
 * column or row ranges, so the result is bit-identical for any thread count. The skinny path
 * below sums in another order (per-lane partial sums, then across lanes), but which path runs
 * depends only on the shape and layout of the operands.
 *
 * <p><b>Skinny shapes.</b> When C has at most {@value #SKINNY_N} columns (a classifier's
 * output layer) and the rows of A are contiguous, packing A would cost more than the
 * multiplication. From {@value #NARROW_MIN_N} + 1 columns up to one vector, the narrow tile
 * holds a row of C in one vector's lanes and reads the rows of A in place against B packed
 * into zero-padded vector rows ({@code narrowTile}). Below that, the driver takes 4 x 4 blocks
 * of dot products along k straight from the rows of A and of B^T ({@code gemmDotTile}).
 * Otherwise, when C is much narrower
 * than a register tile, it computes C^T = B^T A^T so that the long side fills the vector lanes.
 * Which path runs depends only on the shape and layout, never on the thread count.
 */
final class GemmDriver {

    static final int KC = 512;
    static final int MC = 288;
    static final int NC = 4096;

    /** Below this many flops one thread does the whole product: forking costs more. */
    private static final double PARALLEL_MIN_FLOPS = 4e6;
    /** The transposed problem must fill tiles this much better to pay for its strided stores. */
    private static final double SWAP_GAIN = 1.25;
    /** C this narrow (or, transposed, this short) takes the dot-product path. */
    static final int SKINNY_N = 16;
    /** Dot products shorter than this leave most vector lanes idle: use register tiles. */
    private static final int SKINNY_MIN_K = 32;
    /**
     * With this few rows of A, a packed B panel would be read too few times to repay its
     * packing: the tile reads full panels of a row-major B in place instead (values and order
     * are the same as packed, so this may differ between threads' parts without changing C)...
     */
    static final int DIRECT_B_MAX_M = 96;
    /**
     * ...provided the panels are long. Short ones cost little to pack, and read in place their
     * rows can alias in L1 (32 x 50176 x 9: rows 49 * 4096 bytes apart) and run slower.
     */
    static final int DIRECT_B_MIN_K = 64;
    /**
     * With this few rows, A is read in place when its rows are contiguous: packing them (a
     * transpose) cost ~8% of an LSTM step whose GEMMs have 32 rows, and a few rows of A stay in
     * L1 or L2 for every panel of B without it. Rows past the last repeat it, so edges need no
     * zero padding. Such blocks run the kernels' in-place tile ({@link GemmKernels#directTile},
     * 4 rows by 64 columns on AVX-512), whose few row offsets stay in registers; on CPUs where
     * the packed tile is faster even so, the kernels say so ({@link GemmKernels#readsAInPlace}).
     */
    static final int DIRECT_A_MAX_M = 96;
    /**
     * Threads split C by rows only up to this many rows, and only when that duplicates the
     * cheaper packing. Measured at 2 threads (GFLOP/s, rows vs columns): 256^3 248 vs 224,
     * 128x256x784 280 vs 184, 64x128x3136 209 vs 168, but 512^3 280 vs 314, 1024^3 241 vs 275,
     * 1024x1024x64 240 vs 300: with many rows a column split keeps each thread's B block small.
     */
    private static final int ROW_SPLIT_MAX_M = 256;
    /** Rows and columns of the dot-product tile. */
    private static final int DOT = 4;
    /**
     * C wider than this (and at most one vector wide) takes the narrow tile: its cost does not
     * grow with n, while from three 4-column dot tiles on the dot-product path costs more
     * (measured at k = 256, 1 thread, microseconds, dot vs narrow: n = 2 5.2 vs 11.5, n = 6 8.0
     * vs 10.3, n = 10 14.3 vs 12.3, n = 16 14.4 vs 9.5; 1024 x 10 x 256 95 vs 74).
     */
    private static final int NARROW_MIN_N = 2 * DOT;

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
        if (n > NARROW_MIN_N && n <= kernels.gemm().narrowColumns() && a.colStride() == 1 && c.colStride() == 1) {
            narrow(kernels, pool, m, n, k, alpha, a, b, beta, c);
            return;
        }
        if (k >= SKINNY_MIN_K && n <= SKINNY_N && a.colStride() == 1) {
            skinny(kernels, pool, m, n, k, alpha, a, b, beta, c);
            return;
        }
        if (k >= SKINNY_MIN_K && m <= SKINNY_N && b.rowStride() == 1) {
            skinny(kernels, pool, n, m, k, alpha, b.transposed(), a.transposed(), beta, c.transposed());
            return;
        }
        int mr = kernels.gemm().mr();
        int nr = kernels.gemm().nr();
        if (tileFill(n, mr) * tileFill(m, nr) >= SWAP_GAIN * tileFill(m, mr) * tileFill(n, nr)) {
            gemm(kernels, pool, n, m, k, alpha, b.transposed(), a.transposed(), beta, c.transposed());
            return;
        }
        int parts = 2.0 * m * n * k < PARALLEL_MIN_FLOPS ? 1 : pool.threads();
        if (parts == 1) {
            blocked(kernels, m, n, k, alpha, a, b, beta, c);
            return;
        }
        boolean splitRows = m >= parts * mr && m <= ROW_SPLIT_MAX_M
                && packingCost(b, k, n, false) < packingCost(a, m, k, true);
        boolean splitColumns = !splitRows;
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

    /**
     * C with at most one vector of columns: B packed once into k zero-padded vector rows, shared
     * by the threads, which split C by whole tiles of rows; A's rows read in place.
     */
    private static void narrow(Kernels kernels, ComputePool pool, int m, int n, int k, float alpha,
                               GemmOperand a, GemmOperand b, float beta, GemmOperand c) {
        int width = kernels.gemm().narrowColumns();
        float[] packed = WORKSPACE.get().packedB(k * width);
        float[] src = b.data();
        for (int p = 0; p < k; p++) {
            if (b.colStride() == 1) {
                System.arraycopy(src, b.index(p, 0), packed, p * width, n);
            } else {
                for (int j = 0, at = b.index(p, 0); j < n; j++, at += b.colStride()) {
                    packed[p * width + j] = src[at];
                }
            }
            Arrays.fill(packed, p * width + n, (p + 1) * width, 0f);
        }
        int rowsPerTile = kernels.gemm().narrowRows();
        int parts = 2.0 * m * n * k < PARALLEL_MIN_FLOPS ? 1 : pool.threads();
        int chunk = ceilDiv(ceilDiv(m, parts), rowsPerTile) * rowsPerTile;
        pool.parallelFor(ceilDiv(m, chunk), part -> {
            int end = Math.min(m, (part + 1) * chunk);
            for (int i = part * chunk; i < end; i += rowsPerTile) {
                kernels.gemm().narrowTile(k, Math.min(rowsPerTile, end - i), n, alpha, a.data(), a.index(i, 0), a.rowStride(), packed,
                        beta, c.data(), c.index(i, 0), c.rowStride());
            }
        });
    }

    /** Dot-product path for C with few columns; rows of A must be contiguous (colStride 1). */
    private static void skinny(Kernels kernels, ComputePool pool, int m, int n, int k, float alpha,
                               GemmOperand a, GemmOperand b, float beta, GemmOperand c) {
        int paddedN = ceilDiv(n, DOT) * DOT;
        GemmOperand bt = b.transposed();       // n x k, the rows we take dot products with
        if (bt.colStride() != 1 || paddedN != n) {
            float[] rows = WORKSPACE.get().packedB(paddedN * k); // B^T, zero rows up to a multiple of 4
            Arrays.fill(rows, n * k, paddedN * k, 0f);
            float[] src = bt.data();
            for (int j = 0; j < n; j++) {
                for (int p = 0, s = bt.index(j, 0); p < k; p++, s += bt.colStride()) {
                    rows[j * k + p] = src[s];
                }
            }
            bt = new GemmOperand(rows, 0, k, 1);
        }
        GemmOperand packedBt = bt;
        int parts = 2.0 * m * n * k < PARALLEL_MIN_FLOPS ? 1 : pool.threads();
        int chunk = ceilDiv(ceilDiv(m, parts), DOT) * DOT;
        pool.parallelFor(ceilDiv(m, chunk), part -> {
            int start = part * chunk;
            skinnyRows(kernels, Math.min(chunk, m - start), n, k, alpha,
                    shiftRows(a, start), packedBt, beta, shiftRows(c, start));
        });
    }

    private static void skinnyRows(Kernels kernels, int m, int n, int k, float alpha,
                                   GemmOperand a, GemmOperand bt, float beta, GemmOperand c) {
        Workspace ws = WORKSPACE.get();
        float[] tile = ws.tile(DOT * DOT);
        boolean overwrite = alpha == 1f && beta == 0f && c.colStride() == 1;
        for (int i = 0; i < m; i += DOT) {
            int rows = Math.min(DOT, m - i);
            float[] aData = a.data();
            int aIndex = a.index(i, 0);
            int lda = a.rowStride();
            if (rows < DOT) { // last rows: copy them into a zero-padded block of 4
                aData = ws.packedA(DOT * k);
                Arrays.fill(aData, 0, DOT * k, 0f);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(a.data(), a.index(i + r, 0), aData, r * k, k);
                }
                aIndex = 0;
                lda = k;
            }
            for (int j = 0; j < n; j += DOT) {
                int cols = Math.min(DOT, n - j);
                if (overwrite && rows == DOT && cols == DOT) {
                    kernels.gemm().dotTile(k, aData, aIndex, lda, bt.data(), bt.index(j, 0), bt.rowStride(),
                            c.data(), c.index(i, j), c.rowStride());
                } else {
                    kernels.gemm().dotTile(k, aData, aIndex, lda, bt.data(), bt.index(j, 0), bt.rowStride(), tile, 0, DOT);
                    mergeTile(kernels, tile, DOT, rows, cols, alpha, beta, c, c.index(i, j));
                }
            }
        }
    }

    /**
     * Relative cost of packing all of an operand, which every thread repeats for the operand a
     * split does not divide (A for a column split, B for a row split). Packing A from row-major
     * storage, or B from column-major, is a transpose: about three times a row copy (measured:
     * 66 us for a 288 x 512 block of A, 20 us for 512 x 256 of B).
     */
    private static double packingCost(GemmOperand x, int rows, int cols, boolean isA) {
        boolean transposing = isA ? x.colStride() == 1 : x.colStride() != 1;
        return (double) rows * cols * (transposing ? 3 : 1);
    }

    /** Fraction of a tile's lanes that hold real data when {@code extent} is cut into tiles. */
    private static double tileFill(int extent, int tile) {
        return (double) extent / (ceilDiv(extent, tile) * tile);
    }

    private static void blocked(Kernels kernels, int m, int n, int k, float alpha,
                                GemmOperand a, GemmOperand b, float beta, GemmOperand c) {
        GemmKernels gemm = kernels.gemm();
        Workspace ws = WORKSPACE.get();
        boolean directB = m <= DIRECT_B_MAX_M && k >= DIRECT_B_MIN_K && b.colStride() == 1;
        boolean directA = readsAInPlace(gemm, m) && a.colStride() == 1;
        Tile tile = directA ? new Tile(gemm.directMr(), gemm.directNr(), true) : new Tile(gemm.mr(), gemm.nr(), false);
        int kBlocks = ceilDiv(k, KC);
        int kcMax = ceilDiv(k, kBlocks);     // balanced: k = 600 gives 300 + 300, not 512 + 88
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                BPanels bPanels = directB ? BPanels.direct(gemm, tile.nr, b, pc, jc, kc, nc, ws)
                        : BPanels.packed(gemm, tile.nr, b, pc, jc, kc, nc, ws);
                float blockBeta = pc == 0 ? beta : 1f;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    APanels aPanels = directA ? APanels.direct(a, ic, pc) : APanels.packed(gemm, a, ic, pc, mc, kc, ws);
                    macroKernel(kernels, ws, tile, mc, nc, kc, alpha, aPanels, bPanels, blockBeta, c, ic, jc);
                }
            }
        }
    }

    /** Whether a block of {@code m} rows of a row-major A is read in place (by the in-place tile) rather than packed. */
    static boolean readsAInPlace(GemmKernels gemm, int m) {
        return m <= DIRECT_A_MAX_M && gemm.readsAInPlace();
    }

    /**
     * The register tile a block runs: MR x NR, and whether it is the in-place tile for A read by
     * rows ({@link GemmKernels#directTile}) or the tile of packed panels.
     */
    private record Tile(int mr, int nr, boolean direct) {
    }

    /** The jr and ir loops: every register tile of one block of A times one block of B. */
    private static void macroKernel(Kernels kernels, Workspace ws, Tile shape, int mc, int nc, int kc, float alpha,
                                    APanels aPanels, BPanels bPanels, float beta, GemmOperand c, int ic, int jc) {
        GemmKernels gemm = kernels.gemm();
        int mr = shape.mr;
        int nr = shape.nr;
        float[] tile = ws.tile(mr * nr);
        boolean inPlace = alpha == 1f && (beta == 0f || beta == 1f) && c.colStride() == 1;
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            float[] bData = bPanels.data(jr);
            int bIndex = bPanels.index(jr);
            int bStride = bPanels.stride(jr);
            for (int ir = 0; ir < mc; ir += mr) {
                int rows = Math.min(mr, mc - ir);
                int cIndex = c.index(ic + ir, jc + jr);
                int aIndex = aPanels.index(ir);
                // C (+)= A B straight into C: the same sum, and the same one rounding as merging; else (ragged columns,
                // scaled or strided C) the tile goes to scratch and what is real is merged
                boolean straight = inPlace && cols == nr;
                float[] out = straight ? c.data() : tile;
                int at = straight ? cIndex : 0;
                int ld = straight ? c.rowStride() : nr;
                boolean accumulate = straight && beta == 1f;
                if (shape.direct) {
                    gemm.directTile(kc, rows, aPanels.data(), aIndex, aPanels.rowStride(), bData, bIndex, bStride, accumulate, out, at, ld);
                } else {
                    gemm.tile(kc, rows, aPanels.data(), aIndex, aPanels.rowStride(), aPanels.step(), bData, bIndex, bStride, accumulate,
                            out, at, ld);
                }
                if (!straight) {
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
                if (beta == 0f && alpha == 1f) {
                    System.arraycopy(tile, i * nr, data, ci, cols);
                } else if (beta == 0f) {
                    kernels.scaling().scale(alpha, tile, i * nr, data, ci, cols);
                } else {
                    kernels.scaling().axpby(alpha, tile, i * nr, beta, data, ci, cols);
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

    /**
     * Where the tile finds the MR x kc micro-panel of A for row offset ir of the current block:
     * packed panels in the workspace (element (i, p) at {@code ir * kc + p * MR + i}), or, for a
     * row-major A with few rows, the rows in place (at {@code (row0 + ir + i) * lda + col0 + p}).
     */
    private record APanels(float[] data, int offset, int rowStride, int step, int panelStride) {

        static APanels packed(GemmKernels gemm, GemmOperand a, int ic, int pc, int mc, int kc, Workspace ws) {
            int mr = gemm.mr();
            float[] packed = ws.packedA(kc * ceilDiv(mc, mr) * mr);
            GemmPacking.packA(gemm, a, ic, pc, mc, kc, packed);
            return new APanels(packed, 0, 1, mr, kc);
        }

        static APanels direct(GemmOperand a, int ic, int pc) {
            return new APanels(a.data(), a.index(ic, pc), a.rowStride(), 1, a.rowStride());
        }

        /** Where the panel of rows ir .. ir + MR starts: {@code panelStride} floats per row of A. */
        int index(int ir) {
            return offset + ir * panelStride;
        }
    }

    /**
     * Where the tile finds the kc x NR panel of B for column offset jr of the current block:
     * packed panels in the workspace, or (direct) full panels in place in a row-major B with
     * only a ragged last panel packed.
     */
    private record BPanels(GemmOperand source, int row0, int col0, int fullCols, int kc, int nr, float[] packed) {

        static BPanels packed(GemmKernels gemm, int nr, GemmOperand b, int pc, int jc, int kc, int nc, Workspace ws) {
            float[] packed = ws.packedB(kc * ceilDiv(nc, nr) * nr);
            GemmPacking.packB(gemm, nr, b, pc, jc, kc, nc, packed);
            return new BPanels(null, 0, 0, 0, kc, nr, packed);
        }

        static BPanels direct(GemmKernels gemm, int nr, GemmOperand b, int pc, int jc, int kc, int nc, Workspace ws) {
            int fullCols = nc / nr * nr;
            float[] packed = ws.packedB(kc * nr);
            if (fullCols < nc) {
                GemmPacking.packB(gemm, nr, b, pc, jc + fullCols, kc, nc - fullCols, packed);
            }
            return new BPanels(b, pc, jc, fullCols, kc, nr, packed);
        }

        float[] data(int jr) {
            return jr < fullCols ? source.data() : packed;
        }

        int index(int jr) {
            if (jr < fullCols) {
                return source.index(row0, col0 + jr);
            }
            return (jr - fullCols) * kc;
        }

        int stride(int jr) {
            return jr < fullCols ? source.rowStride() : nr;
        }
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
