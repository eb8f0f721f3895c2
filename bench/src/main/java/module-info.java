/**
 * Benchmarks of deepvec's kernels (JMH), with their peers: OpenBLAS through the FFM API when
 * the library is installed, the scalar reference kernels, and naive loops.
 */
module deepvec.bench {
    requires deepvec.simd;
    requires jdk.incubator.vector;
    requires jmh.core;

    exports deepvec.bench;
}
