/**
 * The conformance test kit for deepvec plugins: JUnit base classes a plugin's tests extend,
 * {@link deepvec.plugin.testkit.LayerProviderContract} and
 * {@link deepvec.plugin.testkit.SamplerProviderContract}.
 */
module deepvec.plugin.testkit {
    requires transitive deepvec.nn;
    requires transitive deepvec.probabilistic;
    requires transitive org.junit.jupiter.api;

    exports deepvec.plugin.testkit;
}
