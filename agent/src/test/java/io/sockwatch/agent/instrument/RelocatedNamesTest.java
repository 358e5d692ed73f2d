package io.sockwatch.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.agent.registry.InternalErrors;
import java.util.List;
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

    /** The transformer's first test, by the name after the package, keeps a relocated copy for the full match. */
    @Test
    void theTransformerFindsARelocatedCopyAndNothingElse() {
        SocketClassTransformer transformer = new SocketClassTransformer(
                List.of(new NioSocketImplInstrumentation(), new OkHttpCallInstrumentation()), new InternalErrors());
        ClassLoader application = RelocatedNamesTest.class.getClassLoader();
        assertTrue(transformer.instrumentationOf("com.acme.shaded." + CALL, application)
                instanceof OkHttpCallInstrumentation);
        assertTrue(transformer.instrumentationOf("sun.nio.ch.NioSocketImpl", null)
                instanceof NioSocketImplInstrumentation);
        assertNull(transformer.instrumentationOf("sun.nio.ch.NioSocketImpl", application), "a JDK class is the JDK's");
        assertNull(transformer.instrumentationOf(CALL + "s", application));
        assertNull(transformer.instrumentationOf("okhttp3.internal.connection.RealConnection", application));
    }

    @Test
    void aNameThatOnlyEndsAlikeDoesNot() {
        assertFalse(SocketInstrumentation.isOrRelocates("com.acme.my" + CALL, CALL));
        assertFalse(SocketInstrumentation.isOrRelocates(CALL + "2", CALL));
        assertFalse(SocketInstrumentation.isOrRelocates("." + CALL, CALL));
    }
}
