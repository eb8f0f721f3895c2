package deepvec.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    private static Tensor iota(int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = i;
        }
        return t;
    }

    @Test
    void viewsShareStorageAndIndexCorrectly() {
        Tensor t = iota(2, 3, 4);
        Tensor tr = t.transpose(0, 2);                 // [4, 3, 2]
        assertArrayEquals(new int[] {4, 3, 2}, tr.shape());
        assertEquals(t.get(1, 2, 3), tr.get(3, 2, 1));
        assertFalse(tr.isContiguous());
        Tensor s = t.slice(1, 1, 3);                   // [2, 2, 4]
        assertEquals(t.get(1, 2, 0), s.get(1, 1, 0));
        s.set(-1f, 0, 0, 0);
        assertEquals(-1f, t.get(0, 1, 0));              // writes go through
        Tensor p = t.permute(1, 2, 0);
        assertEquals(t.get(1, 0, 3), p.get(0, 3, 1));
    }

    @Test
    void contiguousCopiesInRowMajorOrder() {
        Tensor t = iota(2, 3).transpose(0, 1);         // [[0,3],[1,4],[2,5]]
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.contiguous().toArray());
        Tensor c = iota(4, 5);
        assertSame(c, c.contiguous());
        assertArrayEquals(new float[] {6, 7, 8, 11, 12, 13}, c.slice(0, 1, 3).slice(1, 1, 4).toArray());
    }

    @Test
    void reshapeIsAViewWhenContiguousAndInfersOneExtent() {
        Tensor t = iota(2, 6);
        Tensor r = t.reshape(3, -1);
        assertArrayEquals(new int[] {3, 4}, r.shape());
        assertSame(t.data(), r.data());
        Tensor fromView = t.transpose(0, 1).reshape(12);
        assertArrayEquals(new float[] {0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11}, fromView.toArray());
        assertThrows(ShapeException.class, () -> t.reshape(5, -1));
        assertThrows(ShapeException.class, () -> t.reshape(7));
    }

    @Test
    void broadcastUsesStrideZero() {
        Tensor row = Tensor.of(new float[] {1, 2, 3}, 3);
        Tensor b = row.broadcastTo(4, 3);
        assertEquals(0, b.strides()[0]);
        assertEquals(3f, b.get(3, 2));
        assertThrows(ShapeException.class, () -> row.broadcastTo(4, 2));
    }

    @Test
    void badIndicesAndShapesSayWhatIsWrong() {
        Tensor t = Tensor.zeros(2, 3);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertTrue(e.getMessage().contains("outside shape [2, 3]"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(0));
        assertThrows(ShapeException.class, () -> Tensor.of(new float[5], 2, 3));
        assertThrows(ShapeException.class, () -> Tensor.zeros(-1, 2));
        assertThrows(ShapeException.class, () -> Tensor.zeros(1 << 16, 1 << 16));
        assertThrows(ShapeException.class, () -> t.transpose(0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> t.slice(1, 2, 4));
        assertThrows(ShapeException.class, () -> Tensor.view(new float[4], 0, new int[] {2, 3}, new int[] {3, 1}));
    }
}
