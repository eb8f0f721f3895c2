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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. deepvec writes F32
 * tensors, pads the header with spaces to a multiple of 8 bytes, and stores a CRC-32 of the
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
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Writes {@code tensors} (in map order) and {@code metadata} atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        long dataBytes = 0;
        Map<String, Object> header = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("a tensor may not be called " + METADATA);
            }
            Tensor t = e.getValue();
            List<Object> shape = new ArrayList<>();
            for (int d : t.shape()) {
                shape.add(d);
            }
            long bytes = 4L * t.size();
            Map<String, Object> entry = new LinkedHashMap<>();     // a fixed key order: identical runs write identical files
            entry.put("dtype", "F32");
            entry.put("shape", shape);
            entry.put("data_offsets", List.of(dataBytes, dataBytes + bytes));
            header.put(e.getKey(), entry);
            dataBytes += bytes;
        }
        if (dataBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensors of " + dataBytes + " bytes do not fit one checkpoint file (2 GiB at most)");
        }
        ByteBuffer data = ByteBuffer.allocate((int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors.values()) {
            for (float v : t.toArray()) {
                data.putFloat(v);
            }
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
     * Reads a whole file written by {@link #write} (or any safetensors file of F32 tensors).
     *
     * @throws NoSuchFileException if the file does not exist
     * @throws CorruptCheckpointException if it is truncated, its header is not valid, a tensor
     *     is not F32 or does not fit its byte range, or the checksum does not match
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
        Map<String, Tensor> tensors = new LinkedHashMap<>();
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
            float[] values = new float[entry.elements()];
            bytes.position(dataStart + (int) entry.begin());
            bytes.asFloatBuffer().get(values);
            tensors.put(e.getKey(), Tensor.of(values, entry.shape()));
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
    private record TensorEntry(int[] shape, int elements, long begin, long end) {

        static TensorEntry parse(Path file, String name, Object value) throws CorruptCheckpointException {
            if (!(value instanceof Map<?, ?> entry) || !(entry.get("shape") instanceof List<?> shapeList)
                    || !(entry.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                    || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)) {
                throw new CorruptCheckpointException(file, "tensor '" + name + "' needs dtype, shape and two data_offsets, got " + value);
            }
            if (!"F32".equals(entry.get("dtype"))) {
                throw new CorruptCheckpointException(file, "tensor '" + name + "' has dtype " + entry.get("dtype") + "; expected F32");
            }
            int[] shape = new int[shapeList.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                    throw new CorruptCheckpointException(file, "tensor '" + name + "' has an invalid shape " + shapeList);
                }
                shape[i] = (int) (long) d;
                elements *= d;
            }
            if (begin < 0 || end - begin != 4 * elements) {
                throw new CorruptCheckpointException(file, "tensor '" + name + "' of shape " + shapeList + " has byte range ["
                        + begin + ", " + end + "); expected " + 4 * elements + " bytes");
            }
            return new TensorEntry(shape, (int) elements, begin, end);
        }
    }
}
