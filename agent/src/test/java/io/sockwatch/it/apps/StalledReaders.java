package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A keep-alive HTTP server that answers every request with a body of the size asked for in its path. Mode
 * {@code unread}: the client asks for 200 KB, reads the status and never the body, and keeps the connection: more
 * than the socket buffers hold, so the server blocks in its write and the connection stays ESTABLISHED with data in
 * the client's receive queue for ever, never CLOSE_WAIT. Mode {@code idle}: the client reads a small body to the
 * end, and the connection waits idle in HttpURLConnection's keep-alive cache with nothing unread: not a leak.
 * Mode {@code exit}: as {@code unread}, then the JVM ends a second later, long before the default threshold.
 */
public final class StalledReaders {
    private static final List<HttpURLConnection> KEPT = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        boolean unread = !args[0].equals("idle");
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        AcceptLoop.start(server, "http-server", StalledReaders::answer);
        String base = "http://127.0.0.1:" + server.getLocalPort() + "/";
        if (unread) {
            HttpURLConnection big = (HttpURLConnection) new URL(base + 200_000).openConnection();
            System.out.println("status " + big.getResponseCode()); // open:unread-body
            KEPT.add(big); // the body is never read, the connection never disconnected
            if (args[0].equals("exit")) {
                Scenarios.sleep(1_000);
                return;
            }
            Scenarios.snapshotWhenLeaking("stalled", 1);
        } else {
            HttpURLConnection small = (HttpURLConnection) new URL(base + 100).openConnection();
            try (InputStream in = small.getInputStream()) {
                in.readAllBytes(); // read to the end: the connection goes back to the keep-alive cache
            }
            Scenarios.sleep(2_000);
            Scenarios.snapshot("idle");
        }
    }

    /** Answers requests on one connection until the client leaves; a body of the size the path names. */
    private static void answer(Socket s) {
        try (Socket socket = s) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (String request; (request = readHead(in)) != null; ) {
                int size = Integer.parseInt(request.split(" ")[1].substring(1));
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[size]);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client left
        }
    }

    /** The request line of the next request, its headers skipped; null at EOF. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            head.append((char) c);
            if (head.toString().endsWith("\r\n\r\n")) {
                return head.substring(0, head.indexOf("\r\n"));
            }
        }
        return null;
    }
}
