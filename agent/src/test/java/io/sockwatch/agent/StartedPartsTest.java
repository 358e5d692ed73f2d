package io.sockwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sockwatch.agent.StartedParts.Part;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartedPartsTest {

    @Test
    void undoesThePartsDoneLastFirstEachEvenAfterOneFailedAndSaysWhichFailedFirst() {
        List<Part> undone = new ArrayList<>();
        StartedParts parts = new StartedParts(part -> {
            undone.add(part);
            if (part == Part.HOOKS) {
                throw new IllegalStateException("hooks stay");
            }
            if (part == Part.CLOCK) {
                throw new OutOfMemoryError("clock stays");
            }
        });
        parts.done(Part.RECORDS);
        parts.done(Part.HOOKS);
        parts.done(Part.CLOCK);
        parts.done(Part.SCANNER);

        assertEquals("stopping the clock thread failed (java.lang.OutOfMemoryError: clock stays)", parts.undoAll());
        assertEquals(List.of(Part.SCANNER, Part.CLOCK, Part.HOOKS, Part.RECORDS), undone);

        assertNull(parts.undoAll(), "each part is undone once");
        assertEquals(4, undone.size());
    }

    @Test
    void nothingDoneIsNothingToUndo() {
        assertNull(new StartedParts(part -> {
            throw new AssertionError("nothing to undo");
        }).undoAll());
    }
}
