package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A short run (a CLI tool, a CI job) whose last request leaks one second before the JVM exits: far below the
 * threshold, yet a leak of the run. The server answers one line and closes; the client reads the line, never
 * the FIN, and never closes.
 */
public final class LastRequestLeak {
    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        Thread answering = new Thread(() -> answerAndClose(server), "server");
        answering.setDaemon(true);
        answering.start();

        try (Socket proper = new Socket(LOOPBACK, server.getLocalPort())) {
            readLine(proper);
        }
        Socket last = new Socket(LOOPBACK, server.getLocalPort()); // open:last-request
        readLine(last);
        Scenarios.sleep(1000);
    }

    private static void readLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        while (in.read() != '\n') {
            // the answer's line; the FIN after it stays unread
        }
    }

    private static void answerAndClose(ServerSocket server) {
        while (true) {
            try (Socket s = server.accept()) {
                s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                return;
            }
        }
    }
}
