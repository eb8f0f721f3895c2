package deepvec.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A workspace hands the previous call's arrays to the next call, zeroed, and nothing outside a call. */
class WorkspaceTest {

    @Test
    void theNextCallReusesThePreviousCallsArraysZeroed() {
        Workspace workspace = new Workspace();
        Tensor[] first = workspace.call(() -> new Tensor[] {Tensor.full(7f, 3, 4), Tensor.zeros(5)});
        Tensor[] second = workspace.call(() -> new Tensor[] {Tensor.zeros(12), Tensor.zeros(5), Tensor.zeros(5)});
        assertSame(first[0].data(), second[0].data(), "same size, reused");
        assertSame(first[1].data(), second[1].data());
        assertNotSame(second[1].data(), second[2].data(), "one array is lent once per call");
        assertArrayEquals(new float[12], second[0].toArray(), "zeroed again");
        Tensor outside = Tensor.zeros(12);
        assertNotSame(second[0].data(), outside.data(), "outside a call, a new array");
        Tensor copy = workspace.call(() -> Tensor.full(2f, 12).copy());
        assertNotSame(second[0].data(), copy.data(), "copies always allocate: what a call keeps is its own");
        IllegalStateException nested = assertThrows(IllegalStateException.class, () -> workspace.call(() -> workspace.call(
                () -> Tensor.zeros(2))));
        assertTrue(nested.getMessage().contains("already in a call"), nested.getMessage());
        assertFalse(workspace.inCall());
    }
}
