package deepvec.nn.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The English fortunes of Debian's {@code fortunes} package as a {@link Corpus}: each file holds
 * fortunes separated by lines of one {@code %}; every fortune is a document. The split is by
 * file, so no topic leaks from training into the figures: in name order, the files at positions
 * 4, 14, 24, ... are the test set, those at 9, 19, 29, ... the validation set, the rest training.
 */
public final class Fortunes {

    /** Where Debian installs them. */
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/games/fortunes");
    /** The environment variable naming another folder. */
    public static final String DIRECTORY_VARIABLE = "DEEPVEC_FORTUNES";

    private Fortunes() {
    }

    /** {@code $DEEPVEC_FORTUNES}, else Debian's folder. */
    public static Path defaultDirectory() {
        String configured = System.getenv(DIRECTORY_VARIABLE);
        return configured != null && !configured.isBlank() ? Path.of(configured) : DEBIAN_DIRECTORY;
    }

    /**
     * Reads every fortune file of {@code directory} (not the {@code .dat} indexes or {@code .u8} links).
     *
     * @throws NoSuchFileException if the folder is missing or holds no fortune file, saying what to install
     * @throws IOException if a file is not UTF-8 text, naming it
     */
    public static Corpus load(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.isDirectory(directory) ? Files.list(directory) : Stream.empty()) {
            files = listing.filter(Files::isRegularFile).filter(p -> !Files.isSymbolicLink(p))
                    .filter(p -> !p.getFileName().toString().contains(".")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new NoSuchFileException(directory.toString(), null, "no fortune files; install Debian's 'fortunes' package "
                    + "(sudo apt-get install fortunes) or set " + DIRECTORY_VARIABLE + " to a folder of %-separated text files");
        }
        List<String> training = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            List<String> target = i % 10 == 4 ? test : i % 10 == 9 ? validation : training;
            target.addAll(fortunes(files.get(i)));
        }
        return new Corpus(training, validation, test);
    }

    /** The fortunes of one file, each without its trailing newline; empty ones dropped. */
    static List<String> fortunes(Path file) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text: " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.equals("%")) {
                add(out, current);
            } else {
                current.append(line).append('\n');
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder fortune) {
        String text = fortune.toString().stripTrailing();
        if (!text.isBlank()) {
            out.add(text);
        }
        fortune.setLength(0);
    }
}
