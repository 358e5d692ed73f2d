package io.sockwatch.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SitesTest {
    private static final StackTraceElement IMPL = new StackTraceElement("sun.nio.ch.NioSocketImpl", "create", "NioSocketImpl.java", 484);
    private static final StackTraceElement SOCKET = new StackTraceElement("java.net.Socket", "<init>", "Socket.java", 287);
    private static final StackTraceElement LIB = new StackTraceElement("org.apache.http.Conn", "connect", "Conn.java", 10);
    private static final StackTraceElement APP = new StackTraceElement("com.example.Client", "fetch", "Client.java", 42);

    private static final StackTraceElement OTHER_LIB = new StackTraceElement("com.acme.lib.Pool", "open", "Pool.java", 7);

    @Test
    void siteIsTheFirstApplicationFramePastWellKnownLibraries() {
        assertEquals("com.example.Client.fetch(Client.java:42)",
                Sites.describe(List.of(IMPL, SOCKET, LIB, APP), new FrameFilter(List.of())));
        assertEquals("com.acme.lib.Pool.open(Pool.java:7)",
                Sites.describe(List.of(IMPL, SOCKET, OTHER_LIB, APP), new FrameFilter(List.of())));
        assertEquals("com.example.Client.fetch(Client.java:42)",
                Sites.describe(List.of(IMPL, SOCKET, OTHER_LIB, APP), new FrameFilter(List.of("com.acme.lib."))));
    }

    @Test
    void aLibraryDefaultCanBeTurnedOff() {
        assertEquals("org.apache.http.Conn.connect(Conn.java:10)",
                Sites.describe(List.of(IMPL, SOCKET, LIB, APP), new FrameFilter(List.of("-org.apache.http."))));
    }

    @Test
    void withoutApplicationFrameTheFirstFramePastThePlumbingIsNamed() {
        assertEquals("org.apache.http.Conn.connect(Conn.java:10) (no application frame)",
                Sites.describe(List.of(IMPL, SOCKET, LIB), new FrameFilter(List.of())));
    }

    @Test
    void framesPrintLikeJavaStackTraces() {
        assertEquals("java.lang.Thread.sleep(Native Method)",
                Frames.format(new StackTraceElement("java.lang.Thread", "sleep", null, -2)));
        assertEquals("a.B.c(Unknown Source)", Frames.format(new StackTraceElement("a.B", "c", null, -1)));
    }
}
