package deepvec.bench;

import deepvec.simd.Tensor;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The two measurements every classifier benchmark makes on its {@link ClassifierSteps}: one
 * training step and one inference pass. A subclass builds the steps in its {@code @Setup} from
 * its own model and parameters.
 */
@State(Scope.Benchmark)
public abstract class ClassifierBenchmark {

    /** Set by the subclass's setup. */
    protected ClassifierSteps steps;

    @TearDown(Level.Trial)
    public void tearDown() {
        steps.close();
    }

    @Benchmark
    public Map<String, Double> trainStep() {
        return steps.train();
    }

    @Benchmark
    public Tensor inference() {
        return steps.infer();
    }
}
