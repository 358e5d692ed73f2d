package io.sockwatch.agent.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.agent.report.FrameFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {
    private static final StackTraceElement OPEN = new StackTraceElement("java.nio.channels.SocketChannel", "open", "SocketChannel.java", 1);
    private static final StackTraceElement SEND = new StackTraceElement("jdk.internal.net.http.HttpClientImpl", "send", "HttpClientImpl.java", 2);
    private static final StackTraceElement EXCHANGE = new StackTraceElement("jdk.internal.net.http.MultiExchange", "<init>", "MultiExchange.java", 3);
    private static final StackTraceElement APP = new StackTraceElement("com.example.Client", "fetch", "Client.java", 42);
    private static final StackTraceElement MAIN = new StackTraceElement("com.example.Main", "main", "Main.java", 7);
    private static final StackTraceElement WORKER = new StackTraceElement("java.lang.Thread", "run", "Thread.java", 4);

    @Test
    void aCallerStackRepeatsTheAllocationStackWhenTheirApplicationFramesAreTheSame() {
        FrameFilter filter = new FrameFilter(List.of());
        assertTrue(TextReport.repeats(List.of(EXCHANGE, SEND, APP, MAIN), List.of(OPEN, SEND, APP, MAIN), filter),
                "the exchange ran on the caller's thread");
        assertFalse(TextReport.repeats(List.of(EXCHANGE, SEND, APP, MAIN), List.of(OPEN, WORKER), filter),
                "opened on a worker thread: the call names the line");
        assertFalse(TextReport.repeats(List.of(EXCHANGE, SEND, MAIN), List.of(OPEN, SEND, APP, MAIN), filter),
                "another call path");
    }
}
