package io.sockwatch.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A relocated library keeps its classes' names after the prefix its build adds: only that prefix may differ. */
class RelocatedNamesTest {
    private static final String CALL = "okhttp3.internal.connection.RealCall";

    @Test
    void theClassAndItsRelocatedCopiesMatch() {
        assertTrue(SocketInstrumentation.isOrRelocates(CALL, CALL));
        assertTrue(SocketInstrumentation.isOrRelocates("com.acme.shaded." + CALL, CALL));
        assertTrue(new OkHttpCallInstrumentation().matches("com.acme.shaded." + CALL));
    }

    @Test
    void aNameThatOnlyEndsAlikeDoesNot() {
        assertFalse(SocketInstrumentation.isOrRelocates("com.acme.my" + CALL, CALL));
        assertFalse(SocketInstrumentation.isOrRelocates(CALL + "2", CALL));
        assertFalse(SocketInstrumentation.isOrRelocates("." + CALL, CALL));
    }
}
