package deepvec.nn.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fortune files made here: parsing by %, the split by file, and the errors. */
class FortunesTest {

    @TempDir
    Path dir;

    @Test
    void fortunesAreSplitByFile() throws IOException {
        for (int i = 0; i < 12; i++) {
            Files.writeString(dir.resolve(String.format("f%02d", i)), "first of " + i + "\nsecond line\n%\nsecond of " + i + "\n%\n\n%\n");
            Files.writeString(dir.resolve(String.format("f%02d.dat", i)), "index, not text");
        }
        Corpus corpus = Fortunes.load(dir);
        assertEquals(List.of("first of 4\nsecond line", "second of 4"), corpus.test());
        assertEquals(List.of("first of 9\nsecond line", "second of 9"), corpus.validation());
        assertEquals(20, corpus.training().size());
        assertTrue(corpus.training().contains("second of 11"));
    }

    @Test
    void aMissingFolderOrBadTextIsNamed() throws IOException {
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> Fortunes.load(dir.resolve("none")));
        assertTrue(missing.getMessage().contains("apt-get install fortunes"), missing.getMessage());
        Files.write(dir.resolve("latin1"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        IOException bad = assertThrows(IOException.class, () -> Fortunes.load(dir));
        assertTrue(bad.getMessage().contains("latin1") && bad.getMessage().contains("UTF-8"), bad.getMessage());
    }
}
