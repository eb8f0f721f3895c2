/** The {@code deepvec} command line: a self-checking demo and the benchmark report. */
module deepvec.cli {
    requires deepvec.simd;
    requires deepvec.probabilistic;
    requires jdk.incubator.vector;
    requires info.picocli;
    requires org.slf4j;

    opens deepvec.cli to info.picocli;
}
