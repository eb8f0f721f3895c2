package deepvec.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Activation;
import deepvec.nn.layer.BatchNorm;
import deepvec.nn.layer.Dropout;
import deepvec.nn.layer.ForwardContext;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerRegistry;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.Sequential;
import deepvec.nn.layer.UnknownLayerTypeException;
import deepvec.nn.optim.Adam;
import deepvec.nn.optim.Optimizer;
import deepvec.nn.train.EarlyStopping;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of a real checkpoint (model with batch norm and dropout, Adam with state, a
 * run generator, early-stopping state), each resumed into fresh components and loaded as a
 * model. Every outcome must be a load equal to the original or a typed exception that left the
 * components untouched; none may allocate more than a small multiple of the file or take a
 * second. Mutations that edit the header's meaning are resealed with a recomputed checksum
 * (written here from the format's definition), so they reach the structural checks.
 */
class CheckpointFuzzTest {

    private static final int MUTATIONS = 5_000;

    @TempDir
    Path dir;

    /** What a mutation does; the resealed kinds recompute the checksum afterwards. */
    enum Kind {
        TRUNCATION(false), HEADER_BYTE_FLIP(false), DATA_BYTE_FLIP(false), HEADER_LENGTH_EDIT(false), APPENDED_BYTES(false),
        OFFSET_EDIT(true), KEY_RENAME(true), DTYPE_EDIT(true), SHAPE_EDIT(true), NON_FINITE_VALUE(true), JSON_TREE_EDIT(true),
        DUPLICATE_KEY(true), OVERSIZED_DECLARED_SHAPE(true);

        final boolean resealed;

        Kind(boolean resealed) {
            this.resealed = resealed;
        }
    }

    /** Everything a run restores, built the same way every time (values from {@code seed}). */
    private record Run(Sequential model, Optimizer optimizer, Rng shuffle, EarlyStopping stopping) {

        static Run create(long seed) {
            Rng rng = Rng.seeded(seed);
            Sequential model = new Sequential(new Linear(6, 5, rng), new BatchNorm(5), Activation.relu(), new Dropout(0.2f, 17),
                    new Linear(5, 3, rng));
            Optimizer optimizer = new Adam(model.namedParameters(), 1e-2f);
            Tensor x = Rng.seeded(seed + 1).uniform(-1f, 1f, 8, 6);
            ForwardContext.training().call(() -> {
                Ops.mean(Ops.square(model.forward(Variable.constant(x)))).backward();
                return null;
            });
            optimizer.step();
            Rng shuffle = Rng.seeded(seed + 2);
            shuffle.nextLong();
            return new Run(model, optimizer, shuffle, new EarlyStopping(3));
        }

        Checkpoint.Components components() {
            return new Checkpoint.Components(Map.of(Checkpoint.MODEL, model), Map.of(Checkpoint.OPTIMIZER, optimizer),
                    Map.of("shuffle", shuffle), Map.of("listener.0", stopping));
        }

        /** Every value the components hold, bit for bit. */
        String fingerprint() {
            StringBuilder s = new StringBuilder();
            model.namedParameters().forEach((name, p) -> s.append(name).append(bits(p.value().data())));
            model.namedBuffers().forEach((name, b) -> s.append(name).append(bits(b.data())));
            model.generators().forEach((name, g) -> s.append(name).append(g.position()));
            s.append(optimizer.steps()).append(' ').append(optimizer.learningRate());
            optimizer.parameters().keySet().forEach(name -> optimizer.state(name).forEach(b -> s.append(bits(b))));
            s.append(shuffle.position()).append(' ').append(stopping.best()).append(' ').append(stopping.bestEpoch());
            return s.toString();
        }

        private static String bits(float[] values) {
            StringBuilder s = new StringBuilder("[");
            for (float v : values) {
                s.append(Integer.toHexString(Float.floatToRawIntBits(v))).append(',');
            }
            return s.append(']').toString();
        }
    }

    /** A file taken apart: the header as JSON text and the data bytes. */
    private record Parts(String header, byte[] data) {

        static Parts of(byte[] file) {
            int length = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            return new Parts(new String(file, 8, length, StandardCharsets.UTF_8).strip(), Arrays.copyOfRange(file, 8 + length, file.length));
        }

        /** The file again, padded and with its checksum computed as the format defines it. */
        byte[] sealed() {
            byte[] json = header.getBytes(StandardCharsets.UTF_8);
            int padded = (json.length + 7) / 8 * 8;
            ByteBuffer file = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
            file.putLong(padded).put(json);
            while (file.position() < 8 + padded) {
                file.put((byte) ' ');
            }
            file.put(data);
            byte[] bytes = file.array();
            int digits = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\"deepvec.crc32\":\"") + 17;
            if (digits >= 17) {
                CRC32 crc = new CRC32();
                crc.update(bytes, 0, digits);
                crc.update(bytes, digits + 8, bytes.length - digits - 8);
                System.arraycopy(String.format("%08x", crc.getValue()).getBytes(StandardCharsets.US_ASCII), 0, bytes, digits, 8);
            }
            return bytes;
        }
    }

    @Test
    void everyDamagedCheckpointIsRefusedWithATypedExceptionOrLoadsEqual() throws Exception {
        Path original = dir.resolve("original.safetensors");
        Run saved = Run.create(1);
        Checkpoint.save(original, saved.components(), 4, LayerRegistry.standard());
        byte[] bytes = Files.readAllBytes(original);
        Run reference = Run.create(2);
        Checkpoint.resume(original, reference.components(), LayerRegistry.standard());
        String expected = reference.fingerprint();
        assertEquals(saved.fingerprint(), expected, "the checkpoint restores the run it saved");
        String expectedModel = fingerprintOfModel(saved.model());
        assertEquals(expectedModel, fingerprintOfModel(Checkpoint.loadModel(original, LayerRegistry.standard())));

        Random random = new Random(20261201);
        Map<Kind, int[]> outcomes = new EnumMap<>(Kind.class);      // refused, loaded equal
        List<String> failures = new ArrayList<>();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Path mutated = dir.resolve("mutated.safetensors");
        for (int i = 0; i < MUTATIONS; i++) {
            Kind kind = Kind.values()[i % Kind.values().length];
            byte[] damaged = mutate(kind, bytes, random);
            Files.write(mutated, damaged);
            Run fresh = Run.create(3);
            String before = fresh.fingerprint();
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            boolean refused = false;
            try {
                Checkpoint.resume(mutated, fresh.components(), LayerRegistry.standard());
                if (!fresh.fingerprint().equals(expected)) {
                    failures.add(kind + " #" + i + ": resumed silently with other values");
                }
            } catch (CorruptCheckpointException | ArchitectureMismatchException | ResumeMismatchException e) {
                refused = true;
                if (!fresh.fingerprint().equals(before)) {
                    failures.add(kind + " #" + i + ": a refused resume changed the components: " + e.getMessage());
                }
            } catch (Exception | Error e) {
                failures.add(kind + " #" + i + ": resume threw " + e);
            }
            try {
                Layer model = Checkpoint.loadModel(mutated, LayerRegistry.standard());
                if (!fingerprintOfModel(model).equals(expectedModel)) {
                    failures.add(kind + " #" + i + ": loaded a model silently with other values");
                }
            } catch (CorruptCheckpointException | ArchitectureMismatchException | UnknownLayerTypeException e) {
                refused = true;
            } catch (Exception | Error e) {
                failures.add(kind + " #" + i + ": loadModel threw " + e);
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            if (seconds >= 1) {
                failures.add(kind + " #" + i + ": took " + seconds + " s");
            }
            if (allocated > 64L * damaged.length + (2 << 20)) {
                failures.add(kind + " #" + i + ": allocated " + allocated + " bytes for a file of " + damaged.length);
            }
            outcomes.computeIfAbsent(kind, k -> new int[2])[refused ? 0 : 1]++;
        }
        StringBuilder table = new StringBuilder("| mutation | resealed | refused | loaded equal |\n|---|---|---|---|\n");
        outcomes.forEach((kind, counts) -> table.append("| ").append(kind.name().toLowerCase().replace('_', ' ')).append(" | ")
                .append(kind.resealed ? "yes" : "no").append(" | ").append(counts[0]).append(" | ").append(counts[1]).append(" |\n"));
        System.out.println(MUTATIONS + " checkpoint mutations:\n" + table);
        if (!failures.isEmpty()) {
            fail(failures.size() + " bad outcomes, e.g.:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        }
        int refused = outcomes.values().stream().mapToInt(c -> c[0]).sum();
        assertTrue(refused > MUTATIONS * 9 / 10, "most mutations damage the file: " + refused + " of " + MUTATIONS + " refused");
    }

    private static String fingerprintOfModel(Layer model) {
        StringBuilder s = new StringBuilder();
        model.namedParameters().forEach((name, p) -> s.append(name).append(Arrays.toString(p.value().data())));
        model.namedBuffers().forEach((name, b) -> s.append(name).append(Arrays.toString(b.data())));
        model.generators().forEach((name, g) -> s.append(name).append(g.position()));
        return s.toString();
    }

    private static byte[] mutate(Kind kind, byte[] file, Random random) throws IOException {
        int headerEnd = 8 + (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        return switch (kind) {
            case TRUNCATION -> Arrays.copyOf(file, random.nextInt(file.length));
            case HEADER_BYTE_FLIP -> flip(file, 8, headerEnd, random);
            case DATA_BYTE_FLIP -> flip(file, headerEnd, file.length, random);
            case HEADER_LENGTH_EDIT -> {
                byte[] out = file.clone();
                long[] lengths = {0, 1, headerEnd - 8 + 1 + random.nextInt(64), headerEnd - 9 - random.nextInt(64), -1, Long.MIN_VALUE,
                    Long.MAX_VALUE, 1L << 31, file.length, random.nextLong()};
                ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(0, lengths[random.nextInt(lengths.length)]);
                yield out;
            }
            case APPENDED_BYTES -> {
                byte[] out = Arrays.copyOf(file, file.length + 1 + random.nextInt(32));
                for (int i = file.length; i < out.length; i++) {
                    out[i] = (byte) random.nextInt(256);
                }
                yield out;
            }
            default -> resealedEdit(kind, Parts.of(file), random).sealed();
        };
    }

    private static byte[] flip(byte[] file, int from, int to, Random random) {
        byte[] out = file.clone();
        int flips = 1 + random.nextInt(3);
        for (int f = 0; f < flips; f++) {
            out[from + random.nextInt(to - from)] ^= (byte) (1 + random.nextInt(255));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Parts resealedEdit(Kind kind, Parts parts, Random random) throws IOException {
        Map<String, Object> header = (Map<String, Object>) Json.parse(parts.header());
        Map<String, String> metadata = (Map<String, String>) header.get("__metadata__");
        List<String> tensors = header.keySet().stream().filter(k -> !k.equals("__metadata__")).toList();
        Map<String, Object> entry = (Map<String, Object>) header.get(tensors.get(random.nextInt(tensors.size())));
        switch (kind) {
            case OFFSET_EDIT -> {
                List<Object> offsets = new ArrayList<>((List<Object>) entry.get("data_offsets"));
                Map<String, Object> other = (Map<String, Object>) header.get(tensors.get(random.nextInt(tensors.size())));
                long[] values = {-1, 1L << 31, Long.MAX_VALUE, (long) offsets.get(0) + 1 + random.nextInt(8),
                    (long) offsets.get(1) - 1 - random.nextInt(8), (long) offsets.get(0) + (1L << 32)};
                switch (random.nextInt(3)) {
                    case 0 -> offsets.set(random.nextInt(2), values[random.nextInt(values.length)]);
                    case 1 -> offsets = new ArrayList<>((List<Object>) other.get("data_offsets"));     // a duplicated or swapped range
                    default -> {
                        long shift = (1 + random.nextInt(16)) * (random.nextBoolean() ? 4 : -4);
                        offsets.set(0, (long) offsets.get(0) + shift);
                        offsets.set(1, (long) offsets.get(1) + shift);
                    }
                }
                if (offsets.equals(entry.get("data_offsets"))) {
                    offsets.set(1, (long) offsets.get(1) + 4);
                }
                entry.put("data_offsets", offsets);
            }
            case KEY_RENAME -> {
                List<String> keys = new ArrayList<>(tensors);
                keys.addAll(metadata.keySet());
                String key = keys.get(random.nextInt(keys.size()));
                String renamed = renamed(key, random);
                Map<String, Object> target = header.containsKey(key) ? header : (Map<String, Object>) (Map<?, ?>) metadata;
                Map<String, Object> copy = new LinkedHashMap<>();
                target.forEach((k, v) -> copy.put(k.equals(key) ? renamed : k, v));
                target.clear();
                target.putAll(copy);
                if (random.nextBoolean() && metadata.containsKey("deepvec.generators")) {     // or a generator's name
                    metadata.put("deepvec.generators", metadata.get("deepvec.generators").replaceFirst("\"([^\"]+)\":", "\"$1x\":"));
                }
            }
            case DTYPE_EDIT -> {
                String[] dtypes = {"F32", "F64", "I32", "I64", "F16", "BF16", "U8", "f32", ""};
                String dtype = dtypes[random.nextInt(dtypes.length)];
                entry.put("dtype", dtype.equals(entry.get("dtype")) ? "I32" : dtype);
            }
            case SHAPE_EDIT -> {
                List<Object> shape = new ArrayList<>((List<Object>) entry.get("shape"));
                switch (random.nextInt(5)) {
                    case 0 -> shape.add(1L);
                    case 1 -> shape.add(0, 2L);
                    case 2 -> shape = new ArrayList<>(shape.reversed());       // the same size, another shape (if not square)
                    case 3 -> shape.set(random.nextInt(shape.size()), -1L);
                    default -> shape.set(random.nextInt(shape.size()), (long) shape.get(0) + 1);
                }
                entry.put("shape", shape);
            }
            case NON_FINITE_VALUE -> {
                List<Object> offsets = (List<Object>) entry.get("data_offsets");
                long begin = (long) offsets.get(0);
                long end = (long) offsets.get(1);
                if ("F32".equals(entry.get("dtype")) && end > begin) {
                    float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fc00001)};
                    int at = (int) begin + 4 * random.nextInt((int) (end - begin) / 4);
                    ByteBuffer.wrap(parts.data()).order(ByteOrder.LITTLE_ENDIAN).putFloat(at, specials[random.nextInt(specials.length)]);
                }
            }
            case JSON_TREE_EDIT -> {
                String key = metadata.keySet().stream().toList().get(random.nextInt(metadata.size()));
                Object tree = key.equals("deepvec.crc32") || key.equals("deepvec.format") || key.equals("deepvec.epochs")
                        ? metadata.get(key) : Json.parse(metadata.get(key));
                Object edited = editTree(tree, random);
                if (random.nextInt(4) == 0) {
                    metadata.put(key, random.nextBoolean() ? "" : "{\"unclosed\":");
                } else {
                    metadata.put(key, edited instanceof String s && tree instanceof String ? s : Json.write(edited));
                }
                if (random.nextInt(8) == 0) {
                    header.put("__metadata__", editTree(metadata, random));
                }
            }
            case DUPLICATE_KEY -> {
                String name = tensors.get(random.nextInt(tensors.size()));
                String text = parts.header();
                String quoted = "\"" + name + "\":";
                int at = text.indexOf(quoted);
                int close = text.indexOf('}', at);
                return new Parts(text.substring(0, close + 1) + "," + text.substring(at, close + 1) + text.substring(close + 1),
                        parts.data());
            }
            case OVERSIZED_DECLARED_SHAPE -> {
                if (random.nextBoolean()) {
                    String huge = random.nextBoolean() ? "46000" : Long.toString(Integer.MAX_VALUE);
                    metadata.put("deepvec.model", metadata.get("deepvec.model").replaceFirst("\"in\":6", "\"in\":" + huge)
                            .replaceFirst("\"out\":5", "\"out\":" + huge));
                } else {
                    entry.put("shape", List.of(46000L, 46000L));
                }
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
        return new Parts(Json.write(header), parts.data());
    }

    private static String renamed(String key, Random random) {
        if (key.isEmpty() || random.nextBoolean()) {
            return key + "x";
        }
        int at = random.nextInt(key.length());
        char c = key.charAt(at);
        return key.substring(0, at) + (char) (c == 'a' ? 'b' : 'a') + key.substring(at + 1);
    }

    /**
     * One random structural edit somewhere in a JSON tree: delete a key or an element, add a
     * key, or replace a value by one of another JSON type (a changed value of the same type
     * could make another valid file).
     */
    @SuppressWarnings("unchecked")
    private static Object editTree(Object tree, Random random) {
        Object[] others = {null, "text", 7L, -2.5, Boolean.TRUE, List.of(), Map.of(), List.of(1L, 2L), Map.of("type", "linear")};
        if (tree instanceof Map<?, ?> map && !map.isEmpty() && random.nextInt(3) > 0) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
            String key = copy.keySet().stream().toList().get(random.nextInt(copy.size()));
            switch (random.nextInt(4)) {
                case 0 -> copy.remove(key);
                case 1 -> copy.put("unknown_" + random.nextInt(100), others[random.nextInt(others.length)]);
                default -> copy.put(key, editTree(copy.get(key), random));
            }
            return copy;
        }
        if (tree instanceof List<?> list && !list.isEmpty() && random.nextInt(3) > 0) {
            List<Object> copy = new ArrayList<>(list);
            int at = random.nextInt(copy.size());
            if (random.nextBoolean()) {
                copy.remove(at);
            } else {
                copy.set(at, editTree(copy.get(at), random));
            }
            return copy;
        }
        Object replacement;
        do {
            replacement = others[random.nextInt(others.length)];
        } while (jsonType(replacement).equals(jsonType(tree)));
        return replacement;
    }

    private static String jsonType(Object value) {
        return switch (value) {
            case null -> "null";
            case Number n -> "number";
            case Map<?, ?> m -> "object";
            case List<?> l -> "array";
            default -> value.getClass().getSimpleName();
        };
    }
}
