package deepvec.nn.seq2seq;

import deepvec.nn.autograd.Autograd;
import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.ShapeOps;
import deepvec.nn.autograd.Variable;
import deepvec.nn.layer.Embedding;
import deepvec.nn.layer.InvalidModelException;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerConfig;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.RecurrentLayer;
import deepvec.simd.IntTensor;
import deepvec.simd.Recurrent;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An encoder-decoder (sequence-to-sequence) network, Deep Learning section 10.4 and figure
 * 10.12: an encoder RNN reads the source x_1..x_S into states h_1..h_S, and a decoder RNN,
 * started from the encoder's last state (the context C), models P(y_1..y_T | x) one token at a
 * time, each step reading the previous output token. Trained with teacher forcing (section
 * 10.2.1): the decoder reads the true previous token y_{t-1}, so every step is one fused run.
 * With attention (section 12.4.5.1) each decoder state s_t also reads the context
 * c_t = sum_j alpha_tj h_j of {@link AdditiveAttention}, and the output is
 * {@code softmax(W_o tanh(W_c [s_t; c_t]))}; without it, {@code softmax(W_o s_t)}.
 *
 * <p>{@link #forward} takes one row per example, [N, S + T]: the source ids (padded after its
 * end with the padding id) followed by the decoder's inputs, a begin id and y_1..y_{T-1}; it
 * returns the logits of y_1..y_T, [N T, V]. A source's length is where its first padding id
 * stands. {@link #encode} and {@link #step} serve decoding ({@link BeamSearch}).
 */
public final class EncoderDecoder implements Layer {

    private final int sourceSteps;
    private final int padding;
    private final Embedding sourceEmbedding;
    private final RecurrentLayer encoder;
    private final Embedding targetEmbedding;
    private final RecurrentLayer decoder;
    private final AdditiveAttention attention;      // null: no attention
    private final Linear combine;                   // W_c, with attention only
    private final Linear output;

    /**
     * @param cell the encoder's and decoder's unit
     * @param vocabulary V, the tokens of sources and targets
     * @param sourceSteps S, the source part of each input row
     * @param padding the id that pads a source after its end
     * @param attention whether the decoder attends to the encoder's states
     */
    public EncoderDecoder(Recurrent.Cell cell, int vocabulary, int embedding, int hidden, int sourceSteps, int padding,
            boolean attention, Rng rng) {
        if (sourceSteps < 1 || padding < 0 || padding >= vocabulary) {
            throw new IllegalArgumentException("encoder-decoder: " + sourceSteps + " source steps and padding id " + padding
                    + "; expected >= 1 steps and an id in [0, " + vocabulary + ")");
        }
        this.sourceSteps = sourceSteps;
        this.padding = padding;
        this.sourceEmbedding = new Embedding(vocabulary, embedding, rng);
        this.encoder = new RecurrentLayer(cell, embedding, hidden, true, rng);
        this.targetEmbedding = new Embedding(vocabulary, embedding, rng);
        this.decoder = new RecurrentLayer(cell, embedding, hidden, true, rng);
        this.attention = attention ? new AdditiveAttention(hidden, hidden, rng) : null;
        this.combine = attention ? new Linear(2 * hidden, hidden, rng) : null;
        this.output = new Linear(hidden, vocabulary, rng);
    }

    /** Builds the network a config describes (type {@code encoder_decoder}). */
    public static EncoderDecoder fromConfig(LayerConfig c, Rng rng) {
        return new EncoderDecoder(cellOf(c.intSetting("gates")), c.intSetting("vocabulary"), c.intSetting("embedding"),
                c.intSetting("hidden"), c.intSetting("source_steps"), c.intSetting("padding"), c.booleanSetting("attention"), rng);
    }

    /** The parameter values a network of {@code c} holds. */
    public static long stateElements(LayerConfig c) {
        long v = positive(c, "vocabulary");
        long e = positive(c, "embedding");
        long h = positive(c, "hidden");
        long gates = cellOf(c.intSetting("gates")).gates();
        long embeddings = Math.multiplyExact(2, Math.multiplyExact(v, e));
        long cells = Math.multiplyExact(2 * gates, Math.multiplyExact(h, Math.addExact(e, h + 2)));
        long attended = c.booleanSetting("attention") ? Math.addExact(Math.multiplyExact(2 * h + 1, h), Math.multiplyExact(2 * h, h) + h)
                : 0;
        long out = Math.multiplyExact(Math.addExact(h, 1), v);
        return Math.addExact(Math.addExact(embeddings, cells), Math.addExact(attended, out));
    }

    private static long positive(LayerConfig c, String name) {
        int value = c.intSetting(name);
        if (value < 1) {
            throw new InvalidModelException("encoder_decoder: '" + name + "' is " + value + "; expected at least 1");
        }
        return value;
    }

    private static Recurrent.Cell cellOf(int gates) {
        return switch (gates) {
            case 1 -> Recurrent.Cell.TANH;
            case 3 -> Recurrent.Cell.GRU;
            case 4 -> Recurrent.Cell.LSTM;
            default -> throw new InvalidModelException("encoder_decoder: 'gates' is " + gates + "; expected 1 (rnn), 3 (gru) or 4 (lstm)");
        };
    }

    @Override
    public Variable forward(Variable input) {
        TeacherForced run = teacherForced(input.value());
        return logits(run.states(), run.encoding());
    }

    /** The encoder over the source part of input rows like {@link #forward}'s, and the decoder's states over the rest. */
    private TeacherForced teacherForced(Tensor rows) {
        if (rows.rank() != 2 || rows.dim(1) <= sourceSteps) {
            throw new ShapeException("encoder-decoder: input " + Arrays.toString(rows.shape()) + "; expected [N, " + sourceSteps
                    + " + T] (source ids, then the decoder's inputs), T >= 1");
        }
        int batch = rows.dim(0);
        IntTensor ids = ids(rows);
        Encoding encoding = encode(slice(ids, batch, 0, sourceSteps));
        Variable embedded = targetEmbedding.lookup(slice(ids, batch, sourceSteps, rows.dim(1) - sourceSteps));
        return new TeacherForced(decoder.run(embedded, encoding.state(), null).outputs(), encoding);
    }

    /** A teacher-forced pass: the decoder's states [N, T, H] and the encoding they attend to. */
    private record TeacherForced(Variable states, Encoding encoding) {
    }

    /** Runs the encoder over source ids [N, S]: its states, last state and the attention's keys. */
    public Encoding encode(IntTensor source) {
        if (source.rank() != 2 || source.dim(1) != sourceSteps) {
            throw new ShapeException("encoder-decoder: source " + Arrays.toString(source.shape()) + "; expected [N, " + sourceSteps + "]");
        }
        int batch = source.dim(0);
        int[] lengths = new int[batch];
        for (int n = 0; n < batch; n++) {
            int length = 0;
            while (length < sourceSteps && source.data()[n * sourceSteps + length] != padding) {
                length++;
            }
            if (length == 0) {
                throw new IllegalArgumentException("encoder-decoder: source " + n + " is empty (it starts with the padding id " + padding
                        + ")");
            }
            lengths[n] = length;
        }
        RecurrentLayer.Run run = encoder.run(sourceEmbedding.lookup(source), null, lengths);
        return new Encoding(run.last(), attention == null ? null : attention.keys(run.outputs(), lengths));
    }

    /**
     * One decoding step for K hypotheses: hypothesis k continues source {@code sources[k]} of the
     * encoding from {@code state} (row k) having last emitted {@code previous[k]}.
     *
     * @return the log-probabilities of the next token [K, V] and the states after the step
     */
    public Step step(Encoding encoding, IntTensor sources, RecurrentLayer.State state, int[] previous) {
        int k = previous.length;
        Encoding rows = encoding.rows(sources, state);
        RecurrentLayer.Run decoded = decoder.run(targetEmbedding.lookup(IntTensor.of(previous, k, 1)), rows.state(), null);
        Variable logits = logits(decoded.outputs(), rows);
        return new Step(Ops.logSoftmax(logits).value(), decoded.last());
    }

    /** Logits [N T, V] from decoder states [N, T, H]. */
    private Variable logits(Variable states, Encoding encoding) {
        Tensor s = states.value();
        int rows = s.dim(0) * s.dim(1);
        int hidden = s.dim(2);
        if (attention == null) {
            return output.forward(ShapeOps.reshape(states, rows, hidden));
        }
        Variable context = attention.attend(states, encoding.keys()).context();
        Variable joined = ShapeOps.concat(1, ShapeOps.reshape(states, rows, hidden), ShapeOps.reshape(context, rows, hidden));
        return output.forward(Ops.tanh(combine.forward(joined)));
    }

    /** The attention weights [N, T, S] of every decoder step for an input like {@link #forward}'s; null without attention. */
    public Tensor attentionWeights(Tensor input) {
        if (attention == null) {
            return null;
        }
        return Autograd.noGrad(() -> {
            TeacherForced run = teacherForced(input);
            return attention.attend(run.states(), run.encoding().keys()).weights().value();
        });
    }

    private static IntTensor slice(IntTensor ids, int batch, int from, int count) {
        int width = ids.dim(1);
        int[] part = new int[batch * count];
        for (int n = 0; n < batch; n++) {
            System.arraycopy(ids.data(), n * width + from, part, n * count, count);
        }
        return IntTensor.of(part, batch, count);
    }

    private IntTensor ids(Tensor rows) {
        Tensor dense = rows.contiguous();
        int[] ids = new int[dense.size()];
        for (int i = 0; i < ids.length; i++) {
            float v = dense.data()[dense.offset() + i];
            if (v != (int) v || v < 0 || v >= vocabulary()) {
                throw new IllegalArgumentException("encoder-decoder: input " + i + " is " + v + "; expected a token id in [0, "
                        + vocabulary() + ")");
            }
            ids[i] = (int) v;
        }
        return IntTensor.of(ids, dense.shape());
    }

    /** The number of tokens V. */
    public int vocabulary() {
        return output.outputs();
    }

    /** S, the source part of each input row. */
    public int sourceSteps() {
        return sourceSteps;
    }

    /** Whether the decoder attends to the encoder's states. */
    public boolean attends() {
        return attention != null;
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("encoder_decoder", "gates", encoder.cell().gates(), "vocabulary", vocabulary(), "embedding",
                sourceEmbedding.dimension(), "hidden", encoder.hidden(), "source_steps", sourceSteps, "padding", padding, "attention",
                attention != null);
    }

    @Override
    public Map<String, Layer> children() {
        Map<String, Layer> children = new LinkedHashMap<>();
        children.put("source_embedding", sourceEmbedding);
        children.put("encoder", encoder);
        children.put("target_embedding", targetEmbedding);
        children.put("decoder", decoder);
        if (combine != null) {
            children.put("combine", combine);
        }
        children.put("output", output);
        return children;
    }

    @Override
    public Map<String, Variable> localParameters() {
        Map<String, Variable> params = new LinkedHashMap<>();
        if (attention != null) {
            attention.parameters().forEach((name, p) -> params.put("attention_" + name, p));
        }
        return params;
    }

    /** A run of the encoder: its last state (the decoder's start) and the attention's keys (null without attention). */
    public record Encoding(RecurrentLayer.State state, AdditiveAttention.Keys keys) {

        Encoding rows(IntTensor sources, RecurrentLayer.State decoderState) {
            return new Encoding(decoderState, keys == null ? null : keys.rows(sources));
        }
    }

    /** One decoding step: log-probabilities [K, V] and the decoder states after it. */
    public record Step(Tensor logProbabilities, RecurrentLayer.State state) {
    }
}
