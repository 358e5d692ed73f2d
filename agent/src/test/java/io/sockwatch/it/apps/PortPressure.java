package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * One destination takes most of a small ephemeral port range: {@link #CLOSED_FIRST} connections closed by the
 * client first (each keeps its port in TIME_WAIT for 60 s) and {@link #HELD} kept open.
 */
public final class PortPressure {
    public static final int CLOSED_FIRST = 50;
    public static final int HELD = 5;
    private static final List<Socket> OPEN = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 100, LOOPBACK)) {
            Thread t = new Thread(() -> serveUntilEof(server), "server");
            t.setDaemon(true);
            t.start();
            for (int i = 0; i < CLOSED_FIRST; i++) {
                Socket s = new Socket(LOOPBACK, server.getLocalPort()); // open:short
                s.close(); // close:short
            }
            for (int i = 0; i < HELD; i++) {
                OPEN.add(new Socket(LOOPBACK, server.getLocalPort())); // open:held
            }
            Scenarios.sleep(300);
            Scenarios.snapshot("ports");
        }
    }

    /** Reads each connection to its end and then closes it: the server never closes first. */
    private static void serveUntilEof(ServerSocket server) {
        while (true) {
            try {
                Socket s = server.accept();
                Thread reader = new Thread(() -> {
                    try (Socket socket = s; InputStream in = socket.getInputStream()) {
                        while (in.read() >= 0) {
                            // until the client's FIN
                        }
                    } catch (IOException e) {
                        // gone either way
                    }
                });
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }
}
