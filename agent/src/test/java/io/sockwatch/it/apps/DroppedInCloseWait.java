package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.net.ServerSocket;
import java.net.Socket;

/**
 * Drops a Socket in CLOSE_WAIT without closing it, then runs the GC until sockwatch reports it reclaimed. Needs no
 * /proc: the socket is known to be in CLOSE_WAIT once it has read the end of its peer's stream.
 */
public final class DroppedInCloseWait {
    /** Held until the peer's end is read: a young GC must not close it earlier. */
    private static Socket socket;

    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            socket = new Socket(LOOPBACK, server.getLocalPort()); // open:dropped-in-close-wait
            server.accept().close();
            if (socket.getInputStream().read() != -1) {
                throw new IllegalStateException("the peer sent data instead of closing");
            }
            socket = null;
            Scenarios.snapshotWhen("after-gc", "\"lastReclaimedAt\"", 1, System::gc);
        }
    }
}
