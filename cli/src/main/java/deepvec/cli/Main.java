package deepvec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code deepvec} command. */
@Command(name = "deepvec", mixinStandardHelpOptions = true, version = "deepvec 0.1.0",
        description = "Pure-Java deep learning and probabilistic modelling on the Java Vector API.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
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
