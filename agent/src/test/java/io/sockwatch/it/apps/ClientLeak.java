package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The server answers one line and closes each connection. Some clients never close (CLOSE_WAIT leaks, from two
 * sites that read differently); others close properly, actively (TIME_WAIT) or after EOF. Snapshots the report
 * before the threshold has passed and once all three leaks are reported.
 */
public final class ClientLeak {
    private static final List<Socket> LEAKED = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK); // stays open: LISTEN is never a leak
        Thread answering = new Thread(() -> answerAndClose(server), "server");
        answering.setDaemon(true);
        answering.start();

        for (int i = 0; i < 2; i++) {
            Socket neverReadToEof = new Socket(LOOPBACK, server.getLocalPort()); // open:unread-fin
            readLine(neverReadToEof);
            LEAKED.add(neverReadToEof);
        }
        Socket readToEof = new Socket(LOOPBACK, server.getLocalPort()); // open:read-eof
        InputStream in = readToEof.getInputStream();
        while (in.read() >= 0) {
            // drain to EOF, then forget to close
        }
        LEAKED.add(readToEof);

        try (Socket proper = new Socket(LOOPBACK, server.getLocalPort())) { // open:closed-properly
            readLine(proper);
        }
        Socket activeClose = new Socket(LOOPBACK, server.getLocalPort()); // open:active-close
        activeClose.close(); // we close first: our side goes to TIME_WAIT

        Scenarios.sleep(300);
        Scenarios.snapshot("early");
        Scenarios.snapshotWhenLeaking("leaked", 3);
    }

    private static String readLine(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    private static void answerAndClose(ServerSocket server) {
        while (true) {
            try (Socket s = server.accept()) {
                OutputStream out = s.getOutputStream();
                out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Scenarios.sleep(50);
            } catch (IOException e) {
                return;
            }
        }
    }
}
