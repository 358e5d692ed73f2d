package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Leaks a socket from a thread whose name needs JSON escaping. */
public final class EvilNames {
    /** Quotes, backslash, control characters, a line separator and non-ASCII. */
    public static final String NAME = "evil \"name\" \\ \n\t\u0001 \u2028 \u00e9\u4e2d \ud83d\ude00";
    private static final List<Socket> LEAKED = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        Thread peer = Scenarios.peerClosingAfterOneByte(server);
        Thread client = new Thread(() -> {
            try {
                Socket s = new Socket(LOOPBACK, server.getLocalPort());
                s.getInputStream().read();
                LEAKED.add(s);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, NAME);
        client.start();
        client.join();
        peer.join();
        Scenarios.snapshotWhenLeaking("leaked", 1);
    }
}
