package io.sockwatch.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogTest {

    private static String format(String pattern, Object... args) {
        StringBuilder out = new StringBuilder();
        Log.format(pattern, args, out);
        return out.toString();
    }

    @Test
    void placeholdersTakeTheArgumentsInOrder() {
        assertEquals("tracking sockets (interval=5s); attached", format("tracking sockets ({}){}", "interval=5s",
                "; attached"));
        assertEquals("a null", format("a {}", (Object) null));
    }

    @Test
    void aPlaceholderWithoutArgumentStaysAndAnExtraArgumentIsNotPrinted() {
        assertEquals("x {} y", format("x {} y"));
        assertEquals("could not start", format("could not start", new IllegalStateException("the trace")));
    }

    @Test
    void theNumberOfArgumentsUsedTellsWhetherATrailingThrowableIsLeft() {
        StringBuilder out = new StringBuilder();
        assertEquals(1, Log.format("{}", new Object[] {"problem", new IllegalStateException()}, out));
        assertEquals("problem", out.toString());
    }
}
