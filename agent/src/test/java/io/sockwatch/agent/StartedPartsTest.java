package io.sockwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartedPartsTest {

    @Test
    void undoesThePartsDoneLastFirstEachEvenAfterOneFailedAndSaysWhichFailedFirst() {
        List<String> undone = new ArrayList<>();
        StartedParts parts = new StartedParts();
        parts.done("forgetting a", () -> undone.add("a"));
        parts.done("restoring b", () -> {
            undone.add("b");
            throw new IllegalStateException("b stays");
        });
        parts.done("stopping c", () -> {
            undone.add("c");
            throw new OutOfMemoryError("c stays");
        });
        parts.done("removing d", () -> undone.add("d"));

        assertEquals("stopping c failed (java.lang.OutOfMemoryError: c stays)", parts.undoAll());
        assertEquals(List.of("d", "c", "b", "a"), undone);

        assertNull(parts.undoAll(), "each part is undone once");
        assertEquals(4, undone.size());
    }

    @Test
    void nothingDoneIsNothingToUndo() {
        assertNull(new StartedParts().undoAll());
    }
}
