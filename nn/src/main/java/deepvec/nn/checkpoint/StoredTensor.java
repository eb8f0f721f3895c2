package deepvec.nn.checkpoint;

import deepvec.simd.IntTensor;
import deepvec.simd.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor as a safetensors file stores it: a dtype, a shape and little-endian bytes. deepvec
 * writes F32 (parameters, optimizer state), F64 (fitted probabilistic models, best losses), I32
 * (token tables, counters) and I64 (positions); it reads those and also F16 and BF16, which
 * widen to float. The typed getters say what a tensor can be read as and fail with a message
 * naming the dtype when it cannot.
 */
public final class StoredTensor {

    /** The element types, with their safetensors names and sizes. */
    public enum DType {
        F32(4), F64(8), I32(4), I64(8), F16(2), BF16(2);

        private final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        /** Bytes per element. */
        public int bytes() {
            return bytes;
        }
    }

    private final DType dtype;
    private final int[] shape;
    private final int size;
    private final ByteBuffer data;       // little-endian, exactly size * dtype.bytes()

    private StoredTensor(DType dtype, int[] shape, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape;
        this.size = elements(shape);
        this.data = data.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A float32 tensor (copied, in row-major order). */
    public static StoredTensor of(Tensor t) {
        float[] values = t.contiguous().toArray();
        ByteBuffer b = allocate(values.length, DType.F32);
        b.asFloatBuffer().put(values);
        return new StoredTensor(DType.F32, t.shape(), b);
    }

    /** A float64 tensor of the given shape. */
    public static StoredTensor ofDoubles(double[] values, int... shape) {
        ByteBuffer b = allocate(checked(values.length, shape), DType.F64);
        b.asDoubleBuffer().put(values);
        return new StoredTensor(DType.F64, shape.clone(), b);
    }

    /** An int32 tensor. */
    public static StoredTensor of(IntTensor t) {
        ByteBuffer b = allocate(t.size(), DType.I32);
        b.asIntBuffer().put(t.data());
        return new StoredTensor(DType.I32, t.shape(), b);
    }

    /** An int64 tensor of the given shape. */
    public static StoredTensor ofLongs(long[] values, int... shape) {
        ByteBuffer b = allocate(checked(values.length, shape), DType.I64);
        b.asLongBuffer().put(values);
        return new StoredTensor(DType.I64, shape.clone(), b);
    }

    /** A tensor read from a file: {@code bytes} (a view, not copied) holds exactly its elements, little-endian. */
    static StoredTensor read(DType dtype, int[] shape, ByteBuffer bytes) {
        return new StoredTensor(dtype, shape, bytes);
    }

    private static ByteBuffer allocate(int elements, DType dtype) {
        return ByteBuffer.allocate(Math.multiplyExact(elements, dtype.bytes())).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The element count of a shape, which must be non-negative and fit one Java array. */
    static int elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative extent");
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds more than 2^31 - 1 elements");
            }
        }
        return (int) n;
    }

    private static int checked(int length, int[] shape) {
        if (elements(shape) != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + elements(shape)
                    + " elements, the array " + length);
        }
        return length;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** The raw little-endian bytes (a read-only view). */
    ByteBuffer bytes() {
        return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The values as a float tensor: F32 as stored, F16 and BF16 widened exactly.
     *
     * @throws IllegalStateException for an integer or F64 tensor
     */
    public Tensor toTensor() {
        float[] out = new float[size];
        ByteBuffer b = bytes();
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < size; i++) {
                    out[i] = Float.float16ToFloat(b.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < size; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
                }
            }
            default -> throw wrongType("a float tensor");
        }
        return Tensor.of(out, shape);
    }

    /**
     * The values as doubles: F64 as stored, the float types widened.
     *
     * @throws IllegalStateException for an integer tensor
     */
    public double[] doubles() {
        if (dtype == DType.F64) {
            double[] out = new double[size];
            bytes().asDoubleBuffer().get(out);
            return out;
        }
        if (dtype == DType.I32 || dtype == DType.I64) {
            throw wrongType("doubles");
        }
        float[] floats = toTensor().data();
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = floats[i];
        }
        return out;
    }

    /**
     * The values as an int tensor.
     *
     * @throws IllegalStateException unless the dtype is I32
     */
    public IntTensor ints() {
        if (dtype != DType.I32) {
            throw wrongType("32-bit integers");
        }
        int[] out = new int[size];
        bytes().asIntBuffer().get(out);
        return IntTensor.of(out, shape);
    }

    /**
     * The values as longs: I64 as stored, I32 widened.
     *
     * @throws IllegalStateException for a floating-point tensor
     */
    public long[] longs() {
        long[] out = new long[size];
        if (dtype == DType.I64) {
            bytes().asLongBuffer().get(out);
            return out;
        }
        int[] ints = ints().data();
        for (int i = 0; i < size; i++) {
            out[i] = ints[i];
        }
        return out;
    }

    private IllegalStateException wrongType(String wanted) {
        return new IllegalStateException("a " + dtype + " tensor of shape " + Arrays.toString(shape) + " cannot be read as " + wanted);
    }
}
