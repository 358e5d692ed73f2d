package io.sockwatch.agent.report;

import io.sockwatch.agent.kernel.TcpState;
import java.util.Collections;

/** Socket snapshots as the scanner makes them, for the report's unit tests. */
public final class Snapshots {
    private Snapshots() {
    }

    public static SocketSnapshot unattributed(TcpState state, String local, String remote, long sinceMillis,
                                              long rxQueue) {
        return new SocketSnapshot("UNATTRIBUTED", false, 7, 1234, state, local, remote, rxQueue, 0, 0, sinceMillis,
                false, false, null, Collections.emptyList(), Collections.emptyList(), "(unattributed)", null, null, null, null);
    }

    public static SocketSnapshot tracked(String site, long inode, TcpState state, long sinceMillis, boolean leak) {
        return new SocketSnapshot("SOCKET", true, 7, inode, state, "127.0.0.1:40000", "127.0.0.1:8080", 1, 0,
                sinceMillis, sinceMillis, leak, false, null, Collections.emptyList(), Collections.emptyList(), site,
                null, null, null, null);
    }
}
