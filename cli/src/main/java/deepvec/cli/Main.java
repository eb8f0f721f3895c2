package deepvec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code deepvec} command. */
@Command(name = "deepvec", mixinStandardHelpOptions = true, version = "deepvec 0.1.0",
        description = "Pure-Java deep learning and probabilistic modelling on the Java Vector API.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, SampleCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(commandLine(), args));
    }

    /**
     * Runs the command line, reporting failures the execution handler cannot see (errors such
     * as running out of memory) as one line too: exit status 1 for a failed command, 2 for a
     * usage error, 3 for a failure of the JVM itself.
     */
    static int execute(CommandLine cli, String... args) {
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            cli.getErr().println("deepvec: out of memory (" + e.getMessage() + "); give the JVM a larger heap, e.g. "
                    + "JDK_JAVA_OPTIONS=-Xmx16g, or use a smaller --batch-size");
        } catch (StackOverflowError e) {
            cli.getErr().println("deepvec: stack overflow; give the JVM a larger stack, e.g. JDK_JAVA_OPTIONS=-Xss64m");
        } catch (Throwable e) {
            cli.getErr().println("deepvec: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        cli.getErr().flush();
        return 3;
    }

    /**
     * The command line as {@code main} runs it: enum values in any case, and a failure reported as
     * one line naming the exception type and what was wrong, not a stack trace.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cli, parsed) -> {
                    cli.getErr().println("deepvec: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    cli.getErr().flush();
                    return 1;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
