/** The {@code deepvec} command line: demo, training, evaluation and prediction, plugins, benchmarks. */
module deepvec.cli {
    requires deepvec.simd;
    requires deepvec.nn;
    requires deepvec.viz;
    requires deepvec.probabilistic;
    requires java.desktop;
    requires jdk.incubator.vector;
    requires info.picocli;
    requires me.tongfei.progressbar;
    requires org.slf4j;

    opens deepvec.cli to info.picocli;
}
