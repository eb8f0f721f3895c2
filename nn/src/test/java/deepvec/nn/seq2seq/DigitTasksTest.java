package deepvec.nn.seq2seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.data.Dataset;
import deepvec.simd.random.Rng;
import org.junit.jupiter.api.Test;

/** The synthetic digit tasks: their answers recomputed from the text, and the layout the encoder-decoder reads. */
class DigitTasksTest {

    @Test
    void aReversalIsTheSourceBackwards() {
        for (DigitTasks.Example e : DigitTasks.reversal(200, 5, 15, Rng.seeded(1)).examples()) {
            assertTrue(e.source().length >= 5 && e.source().length <= 15);
            String source = DigitTasks.decode(e.source());
            assertEquals(new StringBuilder(source).reverse().toString(), DigitTasks.decode(e.target()));
        }
    }

    @Test
    void anAdditionIsTheSumOfTheReversedSource() {
        for (DigitTasks.Example e : DigitTasks.addition(200, 5, Rng.seeded(2)).examples()) {
            String[] operands = new StringBuilder(DigitTasks.decode(e.source())).reverse().toString().split("\\+");
            assertEquals(5, operands[0].length());
            String sum = DigitTasks.decode(e.target());
            assertEquals(6, sum.length());
            assertEquals(Long.parseLong(operands[0]) + Long.parseLong(operands[1]), Long.parseLong(sum));
        }
    }

    @Test
    void theDatasetHoldsPaddedSourcesTheShiftedTargetAndTheEndIds() {
        DigitTasks.Examples two = new DigitTasks.Examples(java.util.List.of(
                new DigitTasks.Example(DigitTasks.encode("12"), DigitTasks.encode("21")),
                new DigitTasks.Example(DigitTasks.encode("345"), DigitTasks.encode("543"))), 3, 4);
        Dataset data = two.dataset();
        int p = DigitTasks.PADDING;
        int b = DigitTasks.BEGIN;
        int z = DigitTasks.END;
        int[] d = DigitTasks.encode("12345");
        assertArrayEquals(new float[] {d[0], d[1], p, b, d[1], d[0], z, d[2], d[3], d[4], b, d[4], d[3], d[2]},
                data.features().toArray());
        assertArrayEquals(new int[] {d[1], d[0], z, z, d[4], d[3], d[2], z}, data.labels());
        assertArrayEquals(new int[] {d[0], d[1], p, d[2], d[3], d[4]}, two.sources().data());
    }
}
