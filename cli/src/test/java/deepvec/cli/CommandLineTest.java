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
}
