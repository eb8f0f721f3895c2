package deepvec.cli;

import deepvec.simd.Simd;
import java.lang.module.ModuleDescriptor;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code deepvec} command. */
@Command(name = "deepvec", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Pure-Java deep learning and probabilistic modelling on the Java Vector API.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class, SampleCommand.class,
            PluginsCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
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
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    line.getErr().println("deepvec: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    line.getErr().flush();
                    return 1;
                });
        cli.getCommandSpec().usageMessage().showDefaultValues(true);
        cli.getSubcommands().values()
                .forEach(sub -> sub.getCommandSpec().versionProvider(new Version()).usageMessage().showDefaultValues(true));
        cli.getSubcommands().get("train").getCommandSpec().usageMessage().footer(Recipe.help());
        return cli;
    }

    /**
     * {@code --version}: the version the build recorded (in the module descriptor, or the jar's
     * manifest on the class path), the JDK, and whether the Vector API kernels run.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            ModuleDescriptor module = Main.class.getModule().getDescriptor();
            String version = module != null ? module.rawVersion().orElse(null) : Main.class.getPackage().getImplementationVersion();
            version = version != null ? version : "(unknown: run from classes, not from its jar)";
            return new String[] {"deepvec " + version, "JDK " + Runtime.version() + ", "
                    + (Simd.isVectorized() ? "Vector API kernels" : "scalar kernels (run with --add-modules jdk.incubator.vector)")};
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
