package deepvec.simd;

/**
 * A matrix operand of GEMM as BLIS sees it: element (i, j) lives at
 * {@code data[offset + i * rowStride + j * colStride]}. Transposing swaps the strides.
 */
record GemmOperand(float[] data, int offset, int rowStride, int colStride) {

    /** A row-major matrix with leading dimension {@code ld}, optionally read transposed. */
    public static GemmOperand rowMajor(float[] data, int offset, int ld, boolean transposed) {
        return transposed ? new GemmOperand(data, offset, 1, ld) : new GemmOperand(data, offset, ld, 1);
    }

    GemmOperand transposed() {
        return new GemmOperand(data, offset, colStride, rowStride);
    }

    int index(int row, int col) {
        return offset + row * rowStride + col * colStride;
    }
}
