package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Over a few seconds, one more client socket leaks in CLOSE_WAIT and one more connection is closed first (TIME_WAIT)
 * every {@link #EVERY_MILLIS}, so every series of the history moves. Exits with the leaks still open: the exit
 * report shows them all.
 */
public final class GrowingLeaks {
    public static final int ROUNDS = 12;
    public static final long EVERY_MILLIS = 250;
    private static final List<Socket> LEAKED = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        ServerSocket closing = new ServerSocket(0, 50, LOOPBACK);
        ServerSocket reading = new ServerSocket(0, 50, LOOPBACK);
        daemon(() -> {
            while (true) {
                closing.accept().close(); // the server closes first: the client is left in CLOSE_WAIT
            }
        });
        daemon(() -> {
            while (true) {
                Socket s = reading.accept();
                daemon(() -> {
                    try (InputStream in = s.getInputStream()) {
                        while (in.read() >= 0) {
                            // until the client closes first
                        }
                    }
                });
            }
        });
        for (int i = 0; i < ROUNDS; i++) {
            LEAKED.add(new Socket(LOOPBACK, closing.getLocalPort())); // open:growing-leak
            Socket shortLived = new Socket(LOOPBACK, reading.getLocalPort()); // open:short-lived
            shortLived.close(); // close:short-lived
            Scenarios.sleep(EVERY_MILLIS);
        }
        Scenarios.snapshotWhenLeaking("leaking", ROUNDS);
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void daemon(Io body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (IOException e) {
                // the JVM is ending
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
