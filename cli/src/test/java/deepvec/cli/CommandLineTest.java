package deepvec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineTest {

    @Test
    void selfCheckPassesOnEveryKernelFamily() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int failures = new SelfCheck(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, failures, report);
        assertEquals(10, report.lines().filter(l -> l.trim().startsWith("ok")).count(), report);
    }

    @Test
    void unknownCommandsAreRejectedWithUsage() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setErr(new PrintWriter(err));
        int status = cli.execute("trian");
        assertTrue(status != 0);
        assertTrue(err.toString().contains("Unmatched argument"), err.toString());
        assertTrue(err.toString().contains("train"), "suggests the nearest command: " + err);
    }

    @Test
    void helpShowsDefaultValuesAndEachModelsRecipe() {
        StringWriter out = new StringWriter();
        int status = Main.commandLine().setOut(new PrintWriter(out)).execute("train", "--help");
        assertEquals(0, status);
        String help = out.toString();
        assertTrue(help.contains("Default: adam"), help);
        assertTrue(help.contains("mlp: --epochs 20 --batch-size 128 --lr 0.001 --lr-floor 0.00001"), help);
        assertTrue(help.contains("lstm: --epochs 25 --batch-size 128 --lr 0.002 --lr-floor 0.00002"), help);
    }

    @Test
    void everyCommandAnswersVersion() {
        for (String[] args : new String[][] {{"--version"}, {"train", "--version"}, {"demo", "-V"}}) {
            StringWriter out = new StringWriter();
            assertEquals(0, Main.commandLine().setOut(new PrintWriter(out)).execute(args));
            assertTrue(out.toString().startsWith("deepvec ") && out.toString().contains("JDK " + Runtime.version()), out.toString());
        }
    }
}
