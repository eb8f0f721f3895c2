package deepvec.nn.checkpoint;

import deepvec.simd.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data ({@link StoredTensor}:
 * F32, F64, I32, I64 written; F16 and BF16 read too). deepvec pads the header with spaces to a multiple of 8 bytes, and stores a CRC-32 of the
 * data in the header's {@code __metadata__} so that damage anywhere in the file is detected.
 */
public final class Safetensors {

    /** The metadata key of the data checksum. */
    static final String CHECKSUM_KEY = "deepvec.crc32";

    private static final String METADATA = "__metadata__";
    private static final long MAX_HEADER = 100L << 20;

    private Safetensors() {
    }

    /** The contents of a file: tensors by name in file order, and the string metadata. */
    public record Contents(Map<String, StoredTensor> tensors, Map<String, String> metadata) {

        /**
         * Tensor {@code name} read as floats, or null if the file has none of that name.
         *
         * @throws IllegalStateException if it is an integer or F64 tensor
         */
        public Tensor floats(String name) {
            StoredTensor t = tensors.get(name);
            return t == null ? null : t.toTensor();
        }
    }

    /** Writes {@code tensors} (in map order) and {@code metadata} atomically. */
    public static void write(Path file, Map<String, StoredTensor> tensors, Map<String, String> metadata) throws IOException {
        long dataBytes = 0;
        Map<String, Object> header = new LinkedHashMap<>();
        for (Map.Entry<String, StoredTensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("a tensor may not be called " + METADATA);
            }
            StoredTensor t = e.getValue();
            List<Object> shape = new ArrayList<>();
            for (int d : t.shape()) {
                shape.add(d);
            }
            long bytes = (long) t.dtype().bytes() * t.size();
            Map<String, Object> entry = new LinkedHashMap<>();     // a fixed key order: identical runs write identical files
            entry.put("dtype", t.dtype().name());
            entry.put("shape", shape);
            entry.put("data_offsets", List.of(dataBytes, dataBytes + bytes));
            header.put(e.getKey(), entry);
            dataBytes += bytes;
        }
        if (dataBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensors of " + dataBytes + " bytes do not fit one checkpoint file (2 GiB at most)");
        }
        ByteBuffer data = ByteBuffer.allocate((int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (StoredTensor t : tensors.values()) {
            data.put(t.bytes());
        }
        CRC32 crc = new CRC32();
        crc.update(data.array());
        Map<String, String> allMetadata = new LinkedHashMap<>(metadata);
        allMetadata.put(CHECKSUM_KEY, Long.toString(crc.getValue()));
        Map<String, Object> withMetadata = new LinkedHashMap<>();
        withMetadata.put(METADATA, allMetadata);
        withMetadata.putAll(header);
        byte[] json = Json.write(withMetadata).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        AtomicFiles.write(file, out -> {
            out.write(prefix.array());
            out.write(data.array());
        });
    }

    /**
     * Reads a whole file written by {@link #write} (or any safetensors file of the dtypes above).
     *
     * @throws NoSuchFileException if the file does not exist
     * @throws CorruptCheckpointException if it is truncated, its header is not valid, a tensor
     *     has an unknown dtype or does not fit its byte range, or the checksum does not match
     */
    public static Contents read(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 8) {
            throw new CorruptCheckpointException(file, "truncated: " + size + " bytes, shorter than the 8-byte header length");
        }
        if (size > Integer.MAX_VALUE) {
            throw new CorruptCheckpointException(file, size + " bytes; checkpoints of at most 2 GiB are supported");
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = bytes.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER) {
            throw new CorruptCheckpointException(file, "header length " + headerLength + " is not plausible; not a safetensors file?");
        }
        if (8 + headerLength > size) {
            throw new CorruptCheckpointException(file, "truncated: the header needs " + headerLength + " bytes, the file has "
                    + (size - 8) + " after the length");
        }
        String json = new String(bytes.array(), 8, (int) headerLength, StandardCharsets.UTF_8);
        Map<String, Object> header;
        try {
            if (!(Json.parse(json) instanceof Map<?, ?> map)) {
                throw new CorruptCheckpointException(file, "the header is not a JSON object");
            }
            header = cast(map);
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptCheckpointException(file, "the header is not valid JSON: " + e.getMessage(), e);
        }
        int dataStart = 8 + (int) headerLength;
        int dataBytes = (int) size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        long covered = 0;
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                if (!(e.getValue() instanceof Map<?, ?> map)) {
                    throw new CorruptCheckpointException(file, METADATA + " is not an object");
                }
                map.forEach((k, v) -> metadata.put(String.valueOf(k), String.valueOf(v)));
                continue;
            }
            TensorEntry entry = TensorEntry.parse(file, e.getKey(), e.getValue());
            if (entry.end() > dataBytes) {
                throw new CorruptCheckpointException(file, "truncated: tensor '" + e.getKey() + "' ends at data byte " + entry.end()
                        + ", the file has " + dataBytes + " data bytes");
            }
            int from = dataStart + (int) entry.begin();
            tensors.put(e.getKey(), StoredTensor.read(entry.dtype(), entry.shape(),
                    Arrays.copyOfRange(bytes.array(), from, dataStart + (int) entry.end())));
            covered += entry.end() - entry.begin();
        }
        if (covered != dataBytes) {
            throw new CorruptCheckpointException(file, "the tensors cover " + covered + " data bytes but the file holds " + dataBytes);
        }
        String checksum = metadata.get(CHECKSUM_KEY);
        if (checksum != null) {
            CRC32 crc = new CRC32();
            crc.update(bytes.array(), dataStart, dataBytes);
            if (!checksum.equals(Long.toString(crc.getValue()))) {
                throw new CorruptCheckpointException(file, "the data checksum does not match (stored " + checksum + ", computed "
                        + crc.getValue() + "): the file is damaged");
            }
        }
        return new Contents(tensors, metadata);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** One tensor's header entry, checked. */
    private record TensorEntry(StoredTensor.DType dtype, int[] shape, int elements, long begin, long end) {

        static TensorEntry parse(Path file, String name, Object value) throws CorruptCheckpointException {
            if (!(value instanceof Map<?, ?> entry) || !(entry.get("shape") instanceof List<?> shapeList)
                    || !(entry.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                    || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)) {
                throw new CorruptCheckpointException(file, "tensor '" + name + "' needs dtype, shape and two data_offsets, got " + value);
            }
            StoredTensor.DType dtype = dtypeOf(entry.get("dtype"));
            if (dtype == null) {
                throw new CorruptCheckpointException(file, "tensor '" + name + "' has dtype " + entry.get("dtype") + "; expected one of "
                        + Arrays.toString(StoredTensor.DType.values()));
            }
            int[] shape = new int[shapeList.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                    throw new CorruptCheckpointException(file, "tensor '" + name + "' has an invalid shape " + shapeList);
                }
                shape[i] = (int) (long) d;
                elements *= d;
                if (elements > Integer.MAX_VALUE) {
                    throw new CorruptCheckpointException(file, "tensor '" + name + "' of shape " + shapeList
                            + " has more elements than one array holds");
                }
            }
            if (elements > Integer.MAX_VALUE || begin < 0 || end - begin != dtype.bytes() * elements) {
                throw new CorruptCheckpointException(file, "tensor '" + name + "' of shape " + shapeList + " has byte range ["
                        + begin + ", " + end + "); expected " + dtype.bytes() * elements + " bytes of " + dtype);
            }
            return new TensorEntry(dtype, shape, (int) elements, begin, end);
        }

        private static StoredTensor.DType dtypeOf(Object name) {
            for (StoredTensor.DType d : StoredTensor.DType.values()) {
                if (d.name().equals(name)) {
                    return d;
                }
            }
            return null;
        }
    }
}
