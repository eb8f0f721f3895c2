package deepvec.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Collects what is wrong with a command's options, each naming the option, its value and the
 * range it must lie in, and reports them all at once as a usage error, before any data is
 * read or any file written.
 */
final class OptionChecks {

    private final List<String> problems = new ArrayList<>();

    /** An integer of at least {@code min}. */
    OptionChecks atLeast(String option, long value, long min) {
        if (value < min) {
            problems.add(option + " is " + value + "; expected at least " + min);
        }
        return this;
    }

    /** A finite number of at least 0. */
    OptionChecks nonNegative(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            problems.add(option + " is " + value + "; expected a finite number >= 0");
        }
        return this;
    }

    /** A finite number above 0. */
    OptionChecks positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            problems.add(option + " is " + value + "; expected a finite number > 0");
        }
        return this;
    }

    /** A fraction in [0, 1). */
    OptionChecks fraction(String option, double value) {
        if (!(value >= 0 && value < 1)) {
            problems.add(option + " is " + value + "; expected a fraction in [0, 1)");
        }
        return this;
    }

    /** A relation between options that must hold, with what it means when it does not. */
    OptionChecks require(boolean holds, String problem) {
        if (!holds) {
            problems.add(problem);
        }
        return this;
    }

    /** Throws a usage error listing every problem found, if any. */
    void throwIfAny(CommandLine command) {
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(command, String.join("\n", problems));
        }
    }
}
