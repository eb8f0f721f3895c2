package deepvec.nn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file (the format of MNIST and Fashion-MNIST) of unsigned bytes, read plain or
 * gzip-compressed: a magic number {@code 0x00 0x00 0x08 ndims}, ndims big-endian extents,
 * then the bytes in row-major order.
 *
 * @param shape the extents, e.g. [60000, 28, 28] for an image file
 * @param data the values 0..255 as stored (read with {@code & 0xFF})
 */
public record IdxFile(int[] shape, byte[] data) {

    private static final int UNSIGNED_BYTE = 0x08;

    /**
     * Reads {@code path}, detecting gzip by its header.
     *
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws IdxFormatException if it is not an unsigned-byte IDX file, is truncated or its gzip
     *     stream is damaged; nothing larger than the file's real content is allocated first
     */
    public static IdxFile read(Path path) throws IOException {
        long size = Files.size(path);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (DataInputStream in = new DataInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw)) {
                return parse(path, in, gzip ? -1 : size);
            } catch (EOFException e) {
                throw new IdxFormatException(path + " is truncated: it ends before the data its header declares");
            } catch (ZipException e) {
                throw new IdxFormatException(path + " is not a valid gzip file: " + e.getMessage());
            }
        }
    }

    /**
     * Writes this file uncompressed, atomically.
     *
     * @throws IllegalArgumentException if the data length differs from the shape's element count
     */
    public void write(Path path) throws IOException {
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (shape.length < 1 || shape.length > 4 || count != data.length) {
            throw new IllegalArgumentException("IDX shape " + Arrays.toString(shape) + " for " + data.length
                    + " bytes; expected 1 to 4 extents whose product is the byte count");
        }
        deepvec.nn.checkpoint.AtomicFiles.write(path, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeInt(UNSIGNED_BYTE << 8 | shape.length);
            for (int d : shape) {
                out.writeInt(d);
            }
            out.write(data);
            out.flush();
        });
    }

    /** Parses the stream; {@code fileSize} is the plain file's length, or -1 for a gzip stream. */
    private static IdxFile parse(Path path, DataInputStream in, long fileSize) throws IOException {
        int magic = in.readInt();
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != UNSIGNED_BYTE) {
            throw new IdxFormatException(path + " has magic number 0x" + Integer.toHexString(magic)
                    + "; expected an IDX file of unsigned bytes (0x00000801 labels, 0x00000803 images)");
        }
        int dims = magic & 0xFF;
        if (dims < 1 || dims > 4) {
            throw new IdxFormatException(path + " declares " + dims + " dimensions; expected 1 to 4");
        }
        int[] shape = new int[dims];
        long count = 1;
        for (int i = 0; i < dims; i++) {
            shape[i] = in.readInt();
            if (shape[i] < 0) {
                throw new IdxFormatException(path + " declares a negative extent " + shape[i]);
            }
            count *= shape[i];
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IdxFormatException(path + " declares " + count + " values, more than one array can hold");
        }
        long headerBytes = 4 + 4L * dims;
        if (fileSize >= 0 && fileSize - headerBytes < count) {
            throw new IdxFormatException(path + " is truncated: its header declares " + count + " values of shape "
                    + Arrays.toString(shape) + ", the file holds " + (fileSize - headerBytes));
        }
        byte[] data = in.readNBytes((int) count);           // grows with what the stream holds, not what it declares
        if (data.length < count) {
            throw new IdxFormatException(path + " is truncated: its header declares " + count + " values, the stream holds "
                    + data.length);
        }
        if (in.read() != -1) {
            throw new IdxFormatException(path + " has bytes after the " + count + " values of shape " + Arrays.toString(shape));
        }
        return new IdxFile(shape, data);
    }
}
