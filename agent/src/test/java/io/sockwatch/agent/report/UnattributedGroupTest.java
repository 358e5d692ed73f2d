package io.sockwatch.agent.report;

import static io.sockwatch.agent.report.Snapshots.unattributed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sockwatch.agent.kernel.TcpState;
import io.sockwatch.agent.render.TextReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnattributedGroupTest {

    @Test
    void acceptedSocketsGroupByListeningPortAndOutgoingOnesByPeer() {
        List<SocketSnapshot> sockets = new ArrayList<>();
        for (int i = 0; i < 100; i++) { // a server's handlers: one local port, a client port each
            sockets.add(unattributed(TcpState.CLOSE_WAIT, "127.0.0.1:8080", "127.0.0.1:" + (40000 + i), 1000 + i, 1));
        }
        for (int i = 0; i < 20; i++) { // a client's connections to one database
            sockets.add(unattributed(TcpState.CLOSE_WAIT, "10.0.0.1:" + (50000 + i), "10.0.0.5:5432", 2000, i % 2));
        }
        sockets.add(unattributed(TcpState.CLOSE_WAIT, "10.0.0.1:51000", "10.0.0.9:443", 3000, 0));

        List<UnattributedGroup> groups = UnattributedGroup.of(sockets);

        assertEquals(3, groups.size());
        UnattributedGroup accepted = groups.get(0);
        assertEquals(List.of(100, "127.0.0.1:8080", "127.0.0.1:*", true),
                List.of(accepted.sockets.size(), accepted.local, accepted.remote, accepted.accepted));
        assertEquals(List.of(10_000L - 1000, 10_000L - 1099, 1L, 1L), List.of(accepted.oldestMillis(10_000),
                accepted.youngestMillis(10_000), accepted.minRxQueue(), accepted.maxRxQueue()));
        UnattributedGroup outgoing = groups.get(1);
        assertEquals(List.of(20, "10.0.0.1:*", "10.0.0.5:5432", false),
                List.of(outgoing.sockets.size(), outgoing.local, outgoing.remote, outgoing.accepted));
        assertEquals(List.of(0L, 1L), List.of(outgoing.minRxQueue(), outgoing.maxRxQueue()));
        UnattributedGroup lone = groups.get(2);
        assertEquals(List.of(1, "10.0.0.1:51000", "10.0.0.9:443"), List.of(lone.sockets.size(), lone.local, lone.remote),
                "a lone socket keeps both ports");
        assertEquals(Map.of(TcpState.CLOSE_WAIT, 121), UnattributedGroup.states(groups));
    }

    @Test
    void statesAndIpv6AddressesAreKeptApart() {
        List<UnattributedGroup> groups = UnattributedGroup.of(List.of(
                unattributed(TcpState.CLOSE_WAIT, "[::1]:8080", "[::1]:40001", 0, 1),
                unattributed(TcpState.CLOSE_WAIT, "[::1]:8080", "[::1]:40002", 0, 1),
                unattributed(TcpState.ESTABLISHED, "[::1]:8080", "[::1]:40003", 0, 79_000)));
        assertEquals(2, groups.size());
        assertEquals(List.of("[::1]:8080", "[::1]:*", 2), List.of(groups.get(0).local, groups.get(0).remote,
                groups.get(0).sockets.size()));
        assertEquals(TcpState.ESTABLISHED, groups.get(1).state);
        assertEquals(Map.of(TcpState.CLOSE_WAIT, 2, TcpState.ESTABLISHED, 1), UnattributedGroup.states(groups));
        assertEquals("2 in CLOSE_WAIT, local [::1]:8080 (accepted there), peer [::1]:*, seen in CLOSE_WAIT for 5.0s, "
                + "receive queue 1 byte(s) each", TextReport.unattributedLine(groups.get(0), 5_000));
    }
}
