/**
 * JMH benchmarks of deepvec's kernels and training steps against their peers run in the same
 * session: OpenBLAS through the FFM API, naive loops, and the scalar reference kernels. The
 * results and how to read them are in {@code bench/README.md}.
 */
package deepvec.bench;
