package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A client that forgets to close a connection every {@link #EVERY_MILLIS} (the server closes its end: each is a
 * growing CLOSE_WAIT leak) until the process has no fd left. Snapshots the report after {@link #SNAPSHOT_AFTER_MILLIS}
 * of leaking, then prints {@code exhausted at <epoch ms>} when an open first fails with EMFILE.
 */
public final class FdLeakUntilExhausted {
    public static final long EVERY_MILLIS = 40;
    public static final long SNAPSHOT_AFTER_MILLIS = 4_000;
    private static final List<Socket> LEAKED = new ArrayList<>();
    private static volatile long exhaustedAt;

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 200, LOOPBACK);
        Thread closer = new Thread(() -> acceptAndClose(server), "closer");
        closer.setDaemon(true);
        closer.start();
        Thread leaker = new Thread(() -> leak(server.getLocalPort()), "leaker");
        leaker.start();
        Scenarios.sleep(SNAPSHOT_AFTER_MILLIS);
        Scenarios.snapshot("forecast");
        leaker.join(120_000);
        System.out.println("exhausted at " + exhaustedAt);
        synchronized (LEAKED) {
            for (Socket s : LEAKED) {
                s.close();
            }
        }
        server.close();
    }

    private static void leak(int port) {
        while (exhaustedAt == 0) {
            try {
                Socket s = new Socket(LOOPBACK, port); // open:fd-leak
                synchronized (LEAKED) {
                    LEAKED.add(s);
                }
            } catch (IOException e) {
                noteExhausted(e);
            }
            Scenarios.sleep(EVERY_MILLIS);
        }
    }

    private static void acceptAndClose(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                server.accept().close();
            } catch (IOException e) {
                noteExhausted(e);
                Scenarios.sleep(5);
            }
        }
    }

    private static synchronized void noteExhausted(IOException e) {
        if (exhaustedAt == 0 && String.valueOf(e.getMessage()).contains("Too many open files")) {
            exhaustedAt = System.currentTimeMillis();
        }
    }
}
