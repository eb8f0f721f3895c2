package deepvec.simd;

import java.util.Arrays;

/** Shape arithmetic shared by the facades: element counts, strides, broadcasting, axes. */
final class Shapes {

    private Shapes() {
    }

    /** Number of elements, rejecting negative extents and sizes beyond one Java array. */
    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new ShapeException("shape " + Arrays.toString(shape) + " has a negative extent");
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException overflow) {
                throw new ShapeException("shape " + Arrays.toString(shape) + " has more than "
                        + Integer.MAX_VALUE + " elements, the most one float[] can hold");
            }
        }
        return n;
    }

    /** Row-major (C order) strides for {@code shape}. */
    static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** NumPy broadcasting: align trailing axes; each pair must be equal or contain a 1. */
    static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast (axis " + i + ": " + da + " vs " + db + "); expected equal extents or 1");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Resolves a possibly negative axis (-1 = last) against {@code rank}. */
    /** The shape with one axis removed. */
    static int[] without(int[] shape, int axis) {
        int[] dropped = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                dropped[j++] = shape[i];
            }
        }
        return dropped;
    }

    static int axis(String op, int axis, int rank) {
        int resolved = axis < 0 ? axis + rank : axis;
        if (resolved < 0 || resolved >= rank) {
            throw new ShapeException(op + ": axis " + axis + " is out of range for a rank-" + rank
                    + " tensor; expected " + (-rank) + " .. " + (rank - 1));
        }
        return resolved;
    }
}
