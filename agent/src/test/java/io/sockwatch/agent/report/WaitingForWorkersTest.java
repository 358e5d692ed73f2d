package io.sockwatch.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.render.WaitingForWorkersBlocks;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which connections wait for a worker, and what a report says when the server's workers are unknown. */
class WaitingForWorkersTest {
    private static final String ACCEPTOR = "org.apache.tomcat.util.net.NioEndpoint.serverSocketAccept(NioEndpoint.java:792)"
            + Sites.NO_APPLICATION_FRAME;
    private static final ThreadSnapshot WORKER = new ThreadSnapshot(31, "http-nio-8080-exec-1", false, "RUNNABLE",
            Collections.emptyList());

    @Test
    void anAcceptedConnectionInCloseWaitThatNobodyUsedWaitsForAWorker() {
        assertTrue(WaitingForWorkers.isWaiting(snapshot("ACCEPTED_SOCKET_CHANNEL", TcpState.CLOSE_WAIT, true, ACCEPTOR, null)));
        assertTrue(WaitingForWorkers.isWaiting(snapshot("ACCEPTED_SOCKET", TcpState.CLOSE_WAIT, true, ACCEPTOR, null)));
    }

    @Test
    void aConnectionSomeoneReadOrTheApplicationAcceptedOrAClientOpenedIsAPlainLeak() {
        LastIo read = new LastIo(WORKER, 1, true);
        assertFalse(WaitingForWorkers.isWaiting(snapshot("ACCEPTED_SOCKET_CHANNEL", TcpState.CLOSE_WAIT, true, ACCEPTOR, read)));
        assertFalse(WaitingForWorkers.isWaiting(snapshot("ACCEPTED_SOCKET", TcpState.CLOSE_WAIT, true,
                "com.example.Server.accept(Server.java:30)", null)), "the application's own accept loop kept it");
        assertFalse(WaitingForWorkers.isWaiting(snapshot("SOCKET_CHANNEL", TcpState.CLOSE_WAIT, true, ACCEPTOR, null)));
        assertFalse(WaitingForWorkers.isWaiting(snapshot("ACCEPTED_SOCKET_CHANNEL", TcpState.CLOSE_WAIT, false, ACCEPTOR,
                null)), "not in CLOSE_WAIT for the threshold yet");
        assertFalse(WaitingForWorkers.isWaiting(snapshot("ACCEPTED_SOCKET_CHANNEL", TcpState.ESTABLISHED, false, ACCEPTOR,
                null)));
    }

    @Test
    void withNoKnownWorkerTheReportSaysSoAndPointsToAThreadDump() {
        WaitingForWorkers none = WaitingForWorkers.of("127.0.0.1:8080", Collections.emptySet(), new ThreadSnapshots(),
                new FrameFilter(List.of()));
        assertEquals(List.of(), none.workers);
        StringBuilder text = new StringBuilder();
        WaitingForWorkersBlocks.text(text, none);
        assertTrue(text.toString().contains("the server at 127.0.0.1:8080 accepted them and no thread ever read them"), text.toString());
        assertTrue(text.toString().contains("its workers are unknown: a thread dump shows where they wait"), text.toString());
    }

    private static SocketSnapshot snapshot(String kind, TcpState state, boolean leak, String site, LastIo lastIo) {
        return new SocketSnapshot(kind, true, 40, 1234, state, "127.0.0.1:8080", "127.0.0.1:50000", 1, 0, 1, 1, leak,
                false, WORKER, Collections.emptyList(), Collections.emptyList(), site, lastIo, null, null, null);
    }
}
