/** The {@code deepvec} command line: demo, training and evaluation on Fashion-MNIST, benchmarks. */
module deepvec.cli {
    requires deepvec.simd;
    requires deepvec.nn;
    requires deepvec.viz;
    requires deepvec.probabilistic;
    requires jdk.incubator.vector;
    requires info.picocli;
    requires me.tongfei.progressbar;
    requires org.slf4j;

    opens deepvec.cli to info.picocli;
}
