package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM started without sockwatch that holds {@value #ACCEPTED} accepted connections whose clients left (a server
 * that never closes them) and {@value #OUTGOING} client connections that its peer closed, all in CLOSE_WAIT; prints
 * "ready SERVER_PORT PEER_PORT". When the test creates the file {@code leak-1} it leaks one more client connection,
 * and leaves another one unread while its peer sends more than the socket buffers hold (a stalled reader): both
 * tracked if sockwatch is attached by then. Prints "leaked-1"; exits when a file "stop" appears.
 */
public final class HeldBeforeAttach {
    public static final int ACCEPTED = 100;
    public static final int OUTGOING = 20;
    private static final List<Socket> HELD = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, ACCEPTED, LOOPBACK);
             ServerSocket peer = new ServerSocket(0, OUTGOING, LOOPBACK);
             ServerSocket sender = new ServerSocket(0, 1, LOOPBACK)) {
            for (int i = 0; i < ACCEPTED; i++) {
                Socket client = new Socket(LOOPBACK, server.getLocalPort());
                HELD.add(server.accept()); // held, never closed: CLOSE_WAIT once the client leaves
                client.close();
            }
            for (int i = 0; i < OUTGOING; i++) {
                HELD.add(new Socket(LOOPBACK, peer.getLocalPort()));
                peer.accept().close();
            }
            Scenarios.sleep(300); // the FINs arrive
            System.out.println("ready " + server.getLocalPort() + " " + peer.getLocalPort());
            Path dir = Paths.get("").toAbsolutePath();
            boolean leaked = false;
            long deadline = System.currentTimeMillis() + 120_000;
            while (!Files.exists(dir.resolve("stop")) && System.currentTimeMillis() < deadline) {
                if (!leaked && Files.exists(dir.resolve("leak-1"))) {
                    HELD.add(new Socket(LOOPBACK, peer.getLocalPort())); // open:after-attach
                    peer.accept().close();
                    HELD.add(new Socket(LOOPBACK, sender.getLocalPort())); // open:unread
                    sendTooMuch(sender.accept());
                    leaked = true;
                    System.out.println("leaked-1");
                }
                Scenarios.sleep(20);
            }
        }
    }

    /** Writes more than the buffers of both sides hold, on a thread of its own: the write blocks for ever. */
    private static void sendTooMuch(Socket accepted) {
        HELD.add(accepted);
        Thread writer = new Thread(() -> {
            try {
                accepted.getOutputStream().write(new byte[4 << 20]);
            } catch (java.io.IOException e) {
                // the JVM ends
            }
        }, "sender");
        writer.setDaemon(true);
        writer.start();
    }
}
