package deepvec.cli;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What {@code deepvec train} uses for the options a command line leaves out: each model's recipe,
 * the settings its figures in the README were measured with, so that {@code --model lstm} alone
 * trains the LSTM the README reports.
 *
 * @param hidden LSTM units of the language models and seq2seq; null for the other models
 */
record Recipe(int epochs, int batchSize, float learningRate, float learningRateFloor, float dropout, float clipNorm,
        Integer hidden, int steps, int trainExamples) {

    private static final int STEPS = 64;
    private static final int TRAIN_EXAMPLES = 50_000;

    private static final Map<String, Recipe> BY_MODEL = new LinkedHashMap<>();

    static {
        BY_MODEL.put("mlp", new Recipe(20, 128, 1e-3f, 1e-5f, 0f, 0f, null, STEPS, TRAIN_EXAMPLES));
        BY_MODEL.put("cnn", new Recipe(15, 64, 1e-3f, 1e-5f, 0f, 0f, null, STEPS, TRAIN_EXAMPLES));
        BY_MODEL.put("cnn-bn", new Recipe(20, 64, 1e-3f, 1e-5f, 0f, 0f, null, STEPS, TRAIN_EXAMPLES));
        Recipe rowReader = new Recipe(25, 128, 2e-3f, 2e-5f, 0f, 0f, null, STEPS, TRAIN_EXAMPLES);
        BY_MODEL.put("lstm", rowReader);
        BY_MODEL.put("gru", rowReader);
        BY_MODEL.put("rnn", rowReader);
        BY_MODEL.put("charlm", new Recipe(13, 64, 3e-3f, 1e-4f, 0.15f, 5f, 512, 100, TRAIN_EXAMPLES));
        BY_MODEL.put("wordlm", new Recipe(8, 32, 2e-3f, 1e-4f, 0.3f, 5f, 384, 35, TRAIN_EXAMPLES));
        BY_MODEL.put("seq2seq", new Recipe(6, 128, 3e-3f, 1e-4f, 0f, 1f, Seq2SeqTraining.HIDDEN, STEPS, TRAIN_EXAMPLES));
        BY_MODEL.put("seq2seq --task addition", new Recipe(15, 128, 3e-3f, 1e-4f, 0f, 1f, Seq2SeqTraining.HIDDEN, STEPS, 200_000));
    }

    /** The recipe of {@code model} (for seq2seq, of its task); the MLP's for a name that is not a model, which the checks then refuse. */
    static Recipe of(String model, Seq2SeqOptions.Task task) {
        String key = model.equals("seq2seq") && task == Seq2SeqOptions.Task.addition ? "seq2seq --task addition" : model;
        return BY_MODEL.getOrDefault(key, BY_MODEL.get("mlp"));
    }

    /** The recipes as the help shows them, one model per line. */
    static String help() {
        StringJoiner lines = new StringJoiner("%n", "%nDefaults per model (the recipes the README reports):%n", "");
        BY_MODEL.forEach((model, recipe) -> lines.add("  " + model + ": " + recipe.options()));
        return lines.toString();
    }

    private String options() {
        StringBuilder options = new StringBuilder("--epochs " + epochs + " --batch-size " + batchSize + " --lr " + plain(learningRate)
                + " --lr-floor " + plain(learningRateFloor));
        if (dropout > 0) {
            options.append(" --dropout ").append(plain(dropout));
        }
        if (clipNorm > 0) {
            options.append(" --clip-norm ").append(plain(clipNorm));
        }
        if (hidden != null) {
            options.append(" --hidden ").append(hidden);
        }
        if (steps != STEPS) {
            options.append(" --steps ").append(steps);
        }
        if (trainExamples != TRAIN_EXAMPLES) {
            options.append(" --train-examples ").append(trainExamples);
        }
        return options.toString();
    }

    /** As typed on a command line: 0.00001, 5 (not 1.0E-5, 5.0). */
    private static String plain(float value) {
        return new BigDecimal(Float.toString(value)).stripTrailingZeros().toPlainString();
    }
}
