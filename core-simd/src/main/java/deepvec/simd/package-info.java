/**
 * Tensors and the SIMD kernel layer everything else is built on: {@link deepvec.simd.Tensor} (dense
 * float storage with shape, strides and views), single-precision GEMM by the BLIS algorithm
 * ({@link deepvec.simd.Gemm}), convolution by im2col and GEMM ({@link deepvec.simd.Convolution}),
 * pooling, elementwise maps and reductions, softmax, the recurrent cells over whole sequences
 * ({@link deepvec.simd.Recurrent}) and the optimisers' update rules.
 *
 * <p>Kernels are written with the Java Vector API ({@code jdk.incubator.vector}); every one has a
 * scalar twin that the tests compare it with, and the scalar kernels run when the Vector API is
 * not readable. Threads come from a {@link deepvec.simd.ComputePool}: results are bit-identical
 * for any thread count. Shapes that do not fit raise {@link deepvec.simd.ShapeException}.
 */
package deepvec.simd;
