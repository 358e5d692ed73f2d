package io.sockwatch.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FramesTest {
    @Test
    void aReportLineIsTheStackTraceElementItPrints() {
        StackTraceElement test = new StackTraceElement("com.example.ATest$Nested", "lambda$leaks$0", "ATest.java", 12);
        assertEquals(test, Frames.element(test.toString()));
        StackTraceElement nativeMethod = new StackTraceElement("java.lang.Thread", "sleep", null, -2);
        assertEquals(nativeMethod, Frames.element("java.lang.Thread.sleep(Native Method)"));
        assertEquals(new StackTraceElement("a.B", "c", null, -1), Frames.element("a.B.c(Unknown Source)"));
    }

    @Test
    void aTestClassOwnsItsNestedClassesAndLambdas() {
        assertTrue(Frames.isIn("com.example.ATest.leaks(ATest.java:12)", "com.example.ATest"));
        assertTrue(Frames.isIn("com.example.ATest$Nested.lambda$x$0(ATest.java:3)", "com.example.ATest"));
        assertFalse(Frames.isIn("com.example.ATestHelper.open(ATestHelper.java:3)", "com.example.ATest"));
        assertEquals(FramesTest.class.getName(), Frames.outermost(Nested.class));
    }

    private static final class Nested {
    }
}
