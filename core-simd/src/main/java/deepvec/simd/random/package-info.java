/**
 * Counter-based random numbers ({@link deepvec.simd.random.Rng}): streams that split
 * deterministically, so a seed gives the same numbers whatever the thread count.
 */
package deepvec.simd.random;
