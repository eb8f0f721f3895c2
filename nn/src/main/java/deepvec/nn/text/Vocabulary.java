package deepvec.nn.text;

import deepvec.nn.checkpoint.Stateful;
import deepvec.nn.checkpoint.StoredTensor;
import deepvec.simd.IntTensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Token ids: {@value #UNKNOWN_ID} for the unknown token (every token seen fewer than the cut-off
 * times in training, and every token never seen), {@value #END_ID} for the end of a sequence,
 * then the kept tokens by falling frequency (ties in code-point order), so the same text always
 * gives the same ids. It is {@link Stateful}, so a language model's checkpoint carries the
 * vocabulary it was trained with.
 */
public final class Vocabulary implements Stateful {

    /** The id of the unknown token. */
    public static final int UNKNOWN_ID = 0;
    /** The id of the end-of-sequence token. */
    public static final int END_ID = 1;
    /** How the unknown token is shown. */
    public static final String UNKNOWN = "<unk>";
    /** How the end-of-sequence token is shown. */
    public static final String END = "<eos>";

    private List<String> tokens;
    private Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        setTokens(tokens);
    }

    private void setTokens(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (index.put(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("token '" + tokens.get(i) + "' appears twice in the vocabulary");
            }
        }
        this.ids = index;
    }

    /**
     * The vocabulary of {@code documents}' tokens, keeping those seen at least {@code minCount} times.
     *
     * @throws IllegalArgumentException if minCount is below 1
     */
    public static Vocabulary build(Collection<List<String>> documents, int minCount) {
        if (minCount < 1) {
            throw new IllegalArgumentException("minimum count must be >= 1, got " + minCount);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        documents.forEach(d -> d.forEach(t -> counts.merge(t, 1, Integer::sum)));
        List<String> kept = new ArrayList<>();
        counts.forEach((token, n) -> {
            if (n >= minCount && !token.equals(UNKNOWN) && !token.equals(END)) {
                kept.add(token);
            }
        });
        kept.sort(Comparator.<String>comparingInt(counts::get).reversed().thenComparing(Comparator.naturalOrder()));
        List<String> all = new ArrayList<>(List.of(UNKNOWN, END));
        all.addAll(kept);
        return new Vocabulary(all);
    }

    /** The number of ids, V. */
    public int size() {
        return tokens.size();
    }

    /** The id of {@code token}, {@value #UNKNOWN_ID} if it was not kept. */
    public int id(String token) {
        return ids.getOrDefault(token, UNKNOWN_ID);
    }

    /** The token of {@code id}. */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + tokens.size());
        }
        return tokens.get(id);
    }

    /** The ids of a document's tokens followed by {@value #END_ID}. */
    public int[] encode(List<String> document) {
        int[] out = new int[document.size() + 1];
        for (int i = 0; i < document.size(); i++) {
            out[i] = id(document.get(i));
        }
        out[document.size()] = END_ID;
        return out;
    }

    /** The tokens of ids (the end token included, as {@value #END}). */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(token(id));
        }
        return out;
    }

    /** Every token, by id. */
    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    /** The tokens as code points, with the offset where each begins (one more offset at the end). */
    @Override
    public Map<String, StoredTensor> saveState() {
        List<Integer> codePoints = new ArrayList<>();
        int[] offsets = new int[tokens.size() + 1];
        for (int i = 0; i < tokens.size(); i++) {
            offsets[i] = codePoints.size();
            tokens.get(i).codePoints().forEach(codePoints::add);
        }
        offsets[tokens.size()] = codePoints.size();
        Map<String, StoredTensor> state = new LinkedHashMap<>();
        state.put("code_points", StoredTensor.of(IntTensor.vector(codePoints.stream().mapToInt(Integer::intValue).toArray())));
        state.put("offsets", StoredTensor.of(IntTensor.vector(offsets)));
        return state;
    }

    @Override
    public Runnable prepareRestore(Map<String, StoredTensor> state) {
        if (!state.keySet().equals(Set.of("code_points", "offsets"))) {
            throw new IllegalArgumentException("a vocabulary's state holds code_points and offsets, not " + state.keySet());
        }
        int[] codePoints = state.get("code_points").ints().data();
        int[] offsets = state.get("offsets").ints().data();
        List<String> restored = new ArrayList<>();
        for (int i = 0; i + 1 < offsets.length; i++) {
            if (offsets[i] < 0 || offsets[i] > offsets[i + 1] || offsets[i + 1] > codePoints.length) {
                throw new IllegalArgumentException("vocabulary offsets " + offsets[i] + ".." + offsets[i + 1] + " outside "
                        + codePoints.length + " code points");
            }
            for (int k = offsets[i]; k < offsets[i + 1]; k++) {
                if (!Character.isValidCodePoint(codePoints[k])) {
                    throw new IllegalArgumentException("vocabulary token " + i + " holds the invalid code point " + codePoints[k]);
                }
            }
            restored.add(new String(codePoints, offsets[i], offsets[i + 1] - offsets[i]));
        }
        if (restored.size() < 2 || !restored.get(UNKNOWN_ID).equals(UNKNOWN) || !restored.get(END_ID).equals(END)) {
            throw new IllegalArgumentException("a vocabulary starts with " + UNKNOWN + " and " + END);
        }
        new Vocabulary(restored);          // checks for repeated tokens
        return () -> setTokens(restored);
    }
}
