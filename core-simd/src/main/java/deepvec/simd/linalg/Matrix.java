package deepvec.simd.linalg;

import deepvec.simd.ShapeException;
import java.util.Arrays;

/**
 * A dense double-precision matrix in row-major order, for the small and medium problems of
 * classical machine learning (normal equations, covariance matrices, PCA). Instances are
 * immutable: every operation returns a new matrix.
 */
public final class Matrix {

    private final int rows;
    private final int cols;
    private final double[] data;

    private Matrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /**
     * A rows x cols matrix holding {@code values} in row-major order (copied).
     *
     * @throws ShapeException if the count does not match
     * @throws IllegalArgumentException if a value is NaN or infinite
     */
    public static Matrix of(int rows, int cols, double... values) {
        if (rows < 0 || cols < 0 || (long) rows * cols != values.length) {
            throw new ShapeException("Matrix.of(" + rows + ", " + cols + "): expected " + (long) rows * cols
                    + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("matrix element (" + i / Math.max(cols, 1) + ", " + i % Math.max(cols, 1)
                        + ") is " + values[i] + "; linear algebra needs finite values");
            }
        }
        return new Matrix(rows, cols, values.clone());
    }

    /** A matrix from rows of equal length. */
    public static Matrix ofRows(double[]... rowValues) {
        int cols = rowValues.length == 0 ? 0 : rowValues[0].length;
        double[] values = new double[rowValues.length * cols];
        for (int i = 0; i < rowValues.length; i++) {
            if (rowValues[i].length != cols) {
                throw new ShapeException("Matrix.ofRows: row " + i + " has " + rowValues[i].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rowValues[i], 0, values, i * cols, cols);
        }
        return of(rowValues.length, cols, values);
    }

    /** The n x n identity. */
    public static Matrix identity(int n) {
        double[] values = new double[n * n];
        for (int i = 0; i < n; i++) {
            values[i * n + i] = 1;
        }
        return new Matrix(n, n, values);
    }

    /** A diagonal matrix. */
    public static Matrix diagonal(double... diagonal) {
        Matrix m = identity(diagonal.length);
        for (int i = 0; i < diagonal.length; i++) {
            m.data[i * diagonal.length + i] = diagonal[i];
        }
        return m;
    }

    /** Wraps without copying or checking; for this package's own results. */
    static Matrix wrap(int rows, int cols, double[] data) {
        return new Matrix(rows, cols, data);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public double get(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") is outside a " + rows + " x " + cols + " matrix");
        }
        return data[i * cols + j];
    }

    /** The elements in row-major order (a copy). */
    public double[] toArray() {
        return data.clone();
    }

    /** Row-major data shared with this package's algorithms, never exposed. */
    double[] raw() {
        return data;
    }

    public Matrix transpose() {
        double[] t = new double[data.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = data[i * cols + j];
            }
        }
        return new Matrix(cols, rows, t);
    }

    /** this x other. */
    public Matrix multiply(Matrix other) {
        if (cols != other.rows) {
            throw new ShapeException("multiply: " + rows + " x " + cols + " times " + other.rows + " x " + other.cols
                    + "; expected inner extents to agree");
        }
        double[] out = new double[rows * other.cols];
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < cols; p++) {
                double a = data[i * cols + p];
                for (int j = 0; j < other.cols; j++) {
                    out[i * other.cols + j] += a * other.data[p * other.cols + j];
                }
            }
        }
        return new Matrix(rows, other.cols, out);
    }

    /** this - other. */
    public Matrix minus(Matrix other) {
        requireSameShape("minus", other);
        double[] out = data.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] -= other.data[i];
        }
        return new Matrix(rows, cols, out);
    }

    /** sqrt(sum of squares), scaled to avoid overflow. */
    public double frobeniusNorm() {
        double scale = 0;
        for (double v : data) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (scale == 0) {
            return 0;
        }
        double sum = 0;
        for (double v : data) {
            sum += (v / scale) * (v / scale);
        }
        return scale * Math.sqrt(sum);
    }

    void requireSquare(String op) {
        if (rows != cols) {
            throw new ShapeException(op + " needs a square matrix, got " + rows + " x " + cols);
        }
    }

    private void requireSameShape(String op, Matrix other) {
        if (rows != other.rows || cols != other.cols) {
            throw new ShapeException(op + ": " + rows + " x " + cols + " and " + other.rows + " x " + other.cols
                    + " differ in shape");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && rows == m.rows && cols == m.cols && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Matrix ").append(rows).append(" x ").append(cols);
        for (int i = 0; i < Math.min(rows, 6); i++) {
            sb.append("\n  ").append(Arrays.toString(Arrays.copyOfRange(data, i * cols, i * cols + Math.min(cols, 8))));
        }
        return sb.toString();
    }
}
