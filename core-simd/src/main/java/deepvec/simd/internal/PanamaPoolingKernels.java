package deepvec.simd.internal;

import static deepvec.simd.internal.PanamaSpecies.F;
import static deepvec.simd.internal.PanamaSpecies.FL;
import static deepvec.simd.internal.PanamaSpecies.I;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * 2 x 2, stride 2 max pooling on the Vector API, FL outputs at a time. Two input rows are read
 * as vectors of 2 FL floats each and split into even and odd columns by two-vector shuffles, so
 * each window's four candidates sit in the same lane of four vectors; the winner and its offset
 * are chosen by lane masks, without the branch per comparison that mispredicts on real data.
 * The backward pass does the reverse: it spreads each gradient to its winner's lane of four
 * vectors and interleaves them back into the two rows. A block of windows holding a NaN is
 * done by {@link ScalarPoolingKernels#maxPoolTwoByTwoWindow}, so both kernels give the same bits.
 */
final class PanamaPoolingKernels implements PoolingKernels {

    /** Even lanes of the concatenation (v, w): v[0], v[2], ..., w[0], w[2], ... */
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(F, i -> 2 * i);
    /** Odd lanes of the concatenation (v, w). */
    private static final VectorShuffle<Float> ODDS = VectorShuffle.fromOp(F, i -> 2 * i + 1);
    /** The first FL lanes of v and w interleaved: v[0], w[0], v[1], w[1], ... */
    private static final VectorShuffle<Float> ZIP_LOW = VectorShuffle.fromOp(F, i -> i % 2 == 0 ? i / 2 : FL + i / 2);
    /** The last FL lanes of v and w interleaved. */
    private static final VectorShuffle<Float> ZIP_HIGH =
            VectorShuffle.fromOp(F, i -> i % 2 == 0 ? FL / 2 + i / 2 : FL + FL / 2 + i / 2);
    /** Adding -0 changes no float, not even -0: the gradient for inputs that did not win. */
    private static final float NO_GRADIENT = -0f;

    /** See {@link PoolingKernels#maxPoolTwoByTwoRow}. */
    @Override
    public void maxPoolTwoByTwoRow(float[] in, int top, int width, int outW, float[] out, int oo, int[] argmax, int ao,
            int corner) {
        IntVector evenColumns = IntVector.zero(I).addIndex(2);
        for (int ow = 0; ow < outW; ow += FL) {
            int count = Math.min(FL, outW - ow);
            VectorMask<Float> outputs = F.indexInRange(0, count);
            VectorMask<Float> low = F.indexInRange(0, 2 * count);
            VectorMask<Float> high = F.indexInRange(FL, 2 * count);
            int i = top + 2 * ow;
            FloatVector upper0 = FloatVector.fromArray(F, in, i, low);
            FloatVector upper1 = FloatVector.fromArray(F, in, i + FL, high);
            FloatVector lower0 = FloatVector.fromArray(F, in, i + width, low);
            FloatVector lower1 = FloatVector.fromArray(F, in, i + width + FL, high);
            FloatVector topLeft = upper0.rearrange(EVENS, upper1);
            FloatVector topRight = upper0.rearrange(ODDS, upper1);
            FloatVector bottomLeft = lower0.rearrange(EVENS, lower1);
            FloatVector bottomRight = lower0.rearrange(ODDS, lower1);
            if (topLeft.add(topRight).add(bottomLeft).add(bottomRight).test(VectorOperators.IS_NAN).and(outputs).anyTrue()) {
                for (int j = 0; j < count; j++) {  // inf - inf lands here too: slower, still exact
                    ScalarPoolingKernels.maxPoolTwoByTwoWindow(in, i + 2 * j, width, out, oo + ow + j, argmax, ao + ow + j,
                            corner + 2 * (ow + j));
                }
                continue;
            }
            VectorMask<Float> upperRight = topRight.compare(VectorOperators.GT, topLeft);
            VectorMask<Float> lowerRight = bottomRight.compare(VectorOperators.GT, bottomLeft);
            FloatVector upper = topLeft.blend(topRight, upperRight);
            FloatVector lower = bottomLeft.blend(bottomRight, lowerRight);
            VectorMask<Float> lowerWins = lower.compare(VectorOperators.GT, upper);
            upper.blend(lower, lowerWins).intoArray(out, oo + ow, outputs);
            IntVector upperOffset = IntVector.zero(I).blend(1, upperRight.cast(I));
            IntVector lowerOffset = IntVector.broadcast(I, width).blend(width + 1, lowerRight.cast(I));
            evenColumns.add(corner + 2 * ow).add(upperOffset.blend(lowerOffset, lowerWins.cast(I)))
                    .intoArray(argmax, ao + ow, outputs.cast(I));
        }
    }

    /** See {@link PoolingKernels#maxUnpoolTwoByTwoRow}. */
    @Override
    public void maxUnpoolTwoByTwoRow(float[] gradOut, int go, int[] argmax, int ao, int outW, float[] gradIn, int plane, int corner,
                          int width) {
        IntVector evenColumns = IntVector.zero(I).addIndex(2);
        FloatVector none = FloatVector.broadcast(F, NO_GRADIENT);
        for (int ow = 0; ow < outW; ow += FL) {
            int count = Math.min(FL, outW - ow);
            VectorMask<Float> outputs = F.indexInRange(0, count);
            VectorMask<Float> low = F.indexInRange(0, 2 * count);
            VectorMask<Float> high = F.indexInRange(FL, 2 * count);
            FloatVector g = FloatVector.fromArray(F, gradOut, go + ow, outputs);
            IntVector offset = IntVector.fromArray(I, argmax, ao + ow, outputs.cast(I)).sub(evenColumns.add(corner + 2 * ow));
            FloatVector topLeft = none.blend(g, offset.compare(VectorOperators.EQ, 0).cast(F));
            FloatVector topRight = none.blend(g, offset.compare(VectorOperators.EQ, 1).cast(F));
            FloatVector bottomLeft = none.blend(g, offset.compare(VectorOperators.EQ, width).cast(F));
            FloatVector bottomRight = none.blend(g, offset.compare(VectorOperators.EQ, width + 1).cast(F));
            int i = plane + corner + 2 * ow;
            FloatVector.fromArray(F, gradIn, i, low).add(topLeft.rearrange(ZIP_LOW, topRight)).intoArray(gradIn, i, low);
            FloatVector.fromArray(F, gradIn, i + FL, high).add(topLeft.rearrange(ZIP_HIGH, topRight))
                    .intoArray(gradIn, i + FL, high);
            int j = i + width;
            FloatVector.fromArray(F, gradIn, j, low).add(bottomLeft.rearrange(ZIP_LOW, bottomRight)).intoArray(gradIn, j, low);
            FloatVector.fromArray(F, gradIn, j + FL, high).add(bottomLeft.rearrange(ZIP_HIGH, bottomRight))
                    .intoArray(gradIn, j + FL, high);
        }
    }
}
