/**
 * Benchmarks of deepvec's kernels (JMH), with their peers: OpenBLAS through the FFM API when
 * the library is installed, the scalar reference kernels, and naive loops; and the training throughput of an MLP.
 */
module deepvec.bench {
    requires deepvec.simd;
    requires deepvec.nn;
    requires deepvec.probabilistic;
    requires jdk.incubator.vector;
    requires jmh.core;

    exports deepvec.bench;
}
