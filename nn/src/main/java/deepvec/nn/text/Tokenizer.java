package deepvec.nn.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts text into tokens: {@link #characters()} (each Unicode code point, whitespace included, so
 * the text is rebuilt by concatenation) or {@link #words()} (lower-cased runs of letters, digits
 * and apostrophes, and each other non-space character on its own, as in the word-level language
 * models of Deep Learning section 12.4).
 */
public enum Tokenizer {

    /** One token per code point. */
    CHARACTERS {
        @Override
        public List<String> tokens(String text) {
            List<String> out = new ArrayList<>(text.length());
            text.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
            return out;
        }

        @Override
        public String join(List<String> tokens) {
            return String.join("", tokens);
        }
    },

    /** Lower-cased words and punctuation marks. */
    WORDS {
        @Override
        public List<String> tokens(String text) {
            List<String> out = new ArrayList<>();
            Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
            while (m.find()) {
                out.add(m.group());
            }
            return out;
        }

        @Override
        public String join(List<String> tokens) {
            return String.join(" ", tokens);
        }
    };

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+|[^\\p{L}\\p{N}'\\s]");

    /** Character tokens. */
    public static Tokenizer characters() {
        return CHARACTERS;
    }

    /** Word tokens. */
    public static Tokenizer words() {
        return WORDS;
    }

    /** The tokens of {@code text}, in order. */
    public abstract List<String> tokens(String text);

    /** Text from tokens: concatenated characters, or words separated by spaces. */
    public abstract String join(List<String> tokens);
}
