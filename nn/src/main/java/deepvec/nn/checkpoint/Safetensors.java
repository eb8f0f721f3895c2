package deepvec.nn.checkpoint;

import deepvec.simd.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data ({@link StoredTensor}:
 * F32, F64, I32, I64 written; F16 and BF16 read too). deepvec pads the header with spaces to a
 * multiple of 8 bytes and stores in the header's {@code __metadata__} a CRC-32 of the whole file
 * (header included) but for the checksum's own eight hex digits, so damage anywhere is detected.
 *
 * <p>Reading is strict, since a file may be damaged or hostile: the header must be valid UTF-8
 * JSON without repeated keys, every tensor entry must hold exactly a known dtype, a shape of
 * non-negative extents and two integer data offsets, the byte ranges must tile the data section
 * exactly (sorted, no gaps, no overlaps, every byte in bounds, sizes computed without overflow),
 * and metadata values must be strings. Anything else is a {@link CorruptCheckpointException}
 * naming the file and the field; nothing is allocated beyond what the file's size accounts for.
 */
public final class Safetensors {

    /** The metadata key of the file checksum: eight lowercase hex digits. */
    static final String CHECKSUM_KEY = "deepvec.crc32";

    private static final String METADATA = "__metadata__";
    private static final long MAX_HEADER = 100L << 20;
    private static final int CHECKSUM_DIGITS = 8;
    /** The digits written until the checksum is known; the checksum skips them, so their value does not matter. */
    private static final String UNSET_CHECKSUM = "0".repeat(CHECKSUM_DIGITS);
    private static final byte[] CHECKSUM_PREFIX = ("\"" + CHECKSUM_KEY + "\":\"").getBytes(StandardCharsets.UTF_8);
    private static final Set<String> ENTRY_KEYS = Set.of("dtype", "shape", "data_offsets");

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

    /** Writes {@code tensors} (in map order) and {@code metadata} atomically, with the file checksum. */
    public static void write(Path file, Map<String, StoredTensor> tensors, Map<String, String> metadata) throws IOException {
        long dataBytes = 0;
        Map<String, Object> header = new LinkedHashMap<>();
        Map<String, String> allMetadata = new LinkedHashMap<>(metadata);
        if (allMetadata.put(CHECKSUM_KEY, UNSET_CHECKSUM) != null) {
            throw new IllegalArgumentException("metadata key " + CHECKSUM_KEY + " is the file checksum's own");
        }
        header.put(METADATA, allMetadata);
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
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        if (8L + padded + dataBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensors of " + dataBytes + " bytes do not fit one checkpoint file (2 GiB at most)");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        int digits = checksumDigits(prefix.array(), padded);           // where the unset digits went; they occur once
        CRC32 crc = new CRC32();
        crc.update(prefix.array(), 0, digits);
        crc.update(prefix.array(), digits + CHECKSUM_DIGITS, prefix.capacity() - digits - CHECKSUM_DIGITS);
        for (StoredTensor t : tensors.values()) {
            crc.update(t.bytes());
        }
        byte[] hex = hex(crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hex, 0, prefix.array(), digits, CHECKSUM_DIGITS);
        AtomicFiles.write(file, out -> {
            out.write(prefix.array());
            WritableByteChannel channel = Channels.newChannel(out);
            for (StoredTensor t : tensors.values()) {
                ByteBuffer b = t.bytes();
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
        });
    }

    /**
     * Reads a whole file written by {@link #write} (or any safetensors file of the dtypes above),
     * verifying its checksum when it has one.
     *
     * @throws NoSuchFileException if the file does not exist
     * @throws CorruptCheckpointException if it is truncated, its header is not valid, a tensor
     *     has an unknown dtype or does not fit its byte range, or the checksum does not match
     */
    public static Contents read(Path file) throws IOException {
        return read(file, false);
    }

    /** As {@link #read(Path)}; with {@code requireChecksum} a file without a checksum is refused. */
    static Contents read(Path file, boolean requireChecksum) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a folder; expected a checkpoint file");
        }
        long size = Files.size(file);
        if (size < 8) {
            throw new CorruptCheckpointException(file, "truncated: " + size + " bytes, shorter than the 8-byte header length");
        }
        if (size > Integer.MAX_VALUE) {
            throw new CorruptCheckpointException(file, size + " bytes; checkpoints of at most 2 GiB are supported");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != size) {
            throw new CorruptCheckpointException(file, "changed while being read (" + size + " bytes, then " + bytes.length + ")");
        }
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER) {
            throw new CorruptCheckpointException(file, "header length " + headerLength + " is not plausible; not a safetensors file?");
        }
        if (headerLength > size - 8) {
            throw new CorruptCheckpointException(file, "truncated: the header needs " + headerLength + " bytes, the file has "
                    + (size - 8) + " after the length");
        }
        int dataStart = 8 + (int) headerLength;
        String checksum = verifyChecksum(file, bytes, dataStart, requireChecksum);
        HeaderFields fields = new HeaderFields(file);
        Map<String, Object> header;
        try {
            header = fields.object(Json.parse(bytes, 8, (int) headerLength), "the header");
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptCheckpointException(file, "the header is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, String> metadata = metadata(fields, header.get(METADATA));
        if (checksum != null && !checksum.equals(metadata.get(CHECKSUM_KEY))) {
            throw new CorruptCheckpointException(file, "the checksum is not the header's " + METADATA + " entry " + CHECKSUM_KEY);
        }
        List<TensorEntry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (!e.getKey().equals(METADATA)) {
                entries.add(TensorEntry.parse(fields, e.getKey(), e.getValue()));
            }
        }
        requireTiling(fields, entries, bytes.length - dataStart);
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        for (TensorEntry entry : entries) {
            ByteBuffer data = ByteBuffer.wrap(bytes, dataStart + (int) entry.begin(), (int) (entry.end() - entry.begin())).slice();
            tensors.put(entry.name(), StoredTensor.read(entry.dtype(), entry.shape(), data));
        }
        return new Contents(tensors, metadata);
    }

    /**
     * Checks the checksum if the header holds one and returns its digits (null if it has none).
     * The digits are found by their key in the raw header: JSON escapes every quote inside a
     * string, so the byte pattern can only be the key itself, and it must occur exactly once.
     */
    private static String verifyChecksum(Path file, byte[] bytes, int dataStart, boolean required) throws CorruptCheckpointException {
        int digits = -1;
        for (int i = 8; i <= dataStart - CHECKSUM_PREFIX.length - CHECKSUM_DIGITS - 1; i++) {
            if (matches(bytes, i, CHECKSUM_PREFIX)) {
                if (digits >= 0) {
                    throw new CorruptCheckpointException(file, "the header names " + CHECKSUM_KEY + " twice");
                }
                digits = i + CHECKSUM_PREFIX.length;
            }
        }
        if (digits < 0) {
            if (required) {
                throw new CorruptCheckpointException(file, "the header holds no checksum (" + METADATA + " entry " + CHECKSUM_KEY
                        + "): it is damaged or was not written by deepvec");
            }
            return null;
        }
        String stored = new String(bytes, digits, CHECKSUM_DIGITS, StandardCharsets.ISO_8859_1);
        if (bytes[digits + CHECKSUM_DIGITS] != '"' || !stored.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c == Character.toLowerCase(c))) {
            throw new CorruptCheckpointException(file, "the checksum " + CHECKSUM_KEY + " is not " + CHECKSUM_DIGITS + " lowercase hex digits");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, digits);
        crc.update(bytes, digits + CHECKSUM_DIGITS, bytes.length - digits - CHECKSUM_DIGITS);
        String computed = hex(crc.getValue());
        if (!stored.equals(computed)) {
            throw new CorruptCheckpointException(file, "the checksum does not match (stored " + stored + ", computed " + computed
                    + "): the file is damaged");
        }
        return stored;
    }

    private static int checksumDigits(byte[] prefix, int headerLength) {
        for (int i = 8; i < 8 + headerLength; i++) {
            if (matches(prefix, i, CHECKSUM_PREFIX)) {
                return i + CHECKSUM_PREFIX.length;
            }
        }
        throw new IllegalStateException("the written header lacks its checksum key");
    }

    private static boolean matches(byte[] bytes, int at, byte[] pattern) {
        if (at + pattern.length > bytes.length) {
            return false;
        }
        for (int j = 0; j < pattern.length; j++) {
            if (bytes[at + j] != pattern[j]) {
                return false;
            }
        }
        return true;
    }

    private static String hex(long crc) {
        return String.format(Locale.ROOT, "%08x", crc);
    }

    private static Map<String, String> metadata(HeaderFields fields, Object value) throws CorruptCheckpointException {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (value == null) {
            return metadata;
        }
        for (Map.Entry<String, Object> e : fields.object(value, METADATA).entrySet()) {
            metadata.put(e.getKey(), fields.string(e.getValue(), METADATA + " entry '" + e.getKey() + "'"));
        }
        return metadata;
    }

    /** Requires the byte ranges, sorted, to cover {@code [0, dataBytes)} exactly once. */
    private static void requireTiling(HeaderFields fields, List<TensorEntry> entries, long dataBytes) throws CorruptCheckpointException {
        List<TensorEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long covered = 0;
        for (TensorEntry e : sorted) {
            if (e.begin() != covered) {
                throw fields.corrupt("tensor '" + e.name() + "' has data_offsets [" + e.begin() + ", " + e.end() + ")"
                        + (e.begin() < covered ? ", overlapping the tensor before it" : ", leaving a gap") + "; the previous range ends at " + covered);
            }
            if (e.end() > dataBytes) {
                throw fields.corrupt("truncated: tensor '" + e.name() + "' ends at data byte " + e.end() + ", the file has "
                        + dataBytes + " data bytes");
            }
            covered = e.end();
        }
        if (covered != dataBytes) {
            throw fields.corrupt("the tensors cover " + covered + " data bytes but the file holds " + dataBytes);
        }
    }

    /** One tensor's header entry, checked. */
    private record TensorEntry(String name, StoredTensor.DType dtype, int[] shape, long begin, long end) {

        static TensorEntry parse(HeaderFields fields, String name, Object value) throws CorruptCheckpointException {
            String field = "tensor '" + name + "'";
            Map<String, Object> entry = fields.object(value, field);
            fields.exactKeys(entry, ENTRY_KEYS, field);
            String dtypeName = fields.string(entry.get("dtype"), field + " dtype");
            StoredTensor.DType dtype = Arrays.stream(StoredTensor.DType.values()).filter(d -> d.name().equals(dtypeName)).findFirst()
                    .orElseThrow(() -> fields.corrupt(field + " has dtype " + dtypeName + "; expected one of "
                            + Arrays.toString(StoredTensor.DType.values())));
            List<?> shapeList = fields.array(entry.get("shape"), field + " shape");
            int[] shape = new int[shapeList.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = (int) fields.integer(shapeList.get(i), field + " shape extent " + i, 0, Integer.MAX_VALUE);
                elements *= shape[i];
                if (elements > Integer.MAX_VALUE) {
                    throw fields.corrupt(field + " of shape " + shapeList + " has more elements than one array holds");
                }
            }
            List<?> offsets = fields.array(entry.get("data_offsets"), field + " data_offsets");
            if (offsets.size() != 2) {
                throw fields.corrupt(field + " data_offsets has " + offsets.size() + " values; expected [begin, end]");
            }
            long begin = fields.integer(offsets.get(0), field + " data_offsets begin", 0, Integer.MAX_VALUE);
            long end = fields.integer(offsets.get(1), field + " data_offsets end", 0, Integer.MAX_VALUE);
            long bytes = elements * dtype.bytes();
            if (end - begin != bytes) {
                throw fields.corrupt(field + " of shape " + shapeList + " has byte range [" + begin + ", " + end + "); expected "
                        + bytes + " bytes of " + dtype);
            }
            return new TensorEntry(name, dtype, shape, begin, end);
        }
    }
}
