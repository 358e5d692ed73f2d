package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A keep-alive HTTP/1.1 server that answers one request per connection, then closes the connection after a
 * short idle time, as production servers and load balancers do. Clients that never release the connection
 * are left in CLOSE_WAIT.
 */
final class IdleClosingHttpServer implements AutoCloseable {
    private final ServerSocket server;

    private final String scheme;
    /** 0: one request per connection, closed 200 ms after it; otherwise every request until one is that late. */
    private final int idleMillis;

    IdleClosingHttpServer() throws IOException {
        this(null);
    }

    /** Over TLS with {@code tls}'s key when not null. */
    IdleClosingHttpServer(javax.net.ssl.SSLContext tls) throws IOException {
        this(tls, 0);
    }

    /**
     * Answering every request on a connection until none comes for {@code idleMillis}, for a client that must reuse
     * its pooled connection (0: as above).
     */
    IdleClosingHttpServer(javax.net.ssl.SSLContext tls, int idleMillis) throws IOException {
        this.idleMillis = idleMillis;
        server = tls == null ? new ServerSocket(0, 50, LOOPBACK)
                : tls.getServerSocketFactory().createServerSocket(0, 50, LOOPBACK);
        scheme = tls == null ? "http" : "https";
        Thread t = new Thread(this::serve, "idle-closing-http");
        t.setDaemon(true);
        t.start();
    }

    java.net.InetSocketAddress address() {
        return (java.net.InetSocketAddress) server.getLocalSocketAddress();
    }

    String url() {
        return scheme + "://127.0.0.1:" + server.getLocalPort() + "/";
    }

    private void serve() {
        while (true) {
            try {
                Socket s = server.accept();
                Thread h = new Thread(() -> answerThenIdleClose(s, idleMillis), "idle-closing-http-conn");
                h.setDaemon(true);
                h.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void answerThenIdleClose(Socket s, int idleMillis) {
        try (Socket socket = s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            socket.setSoTimeout(idleMillis); // 0: the first request may take its time
            do {
                String line = in.readLine();
                if (line == null) {
                    return; // the client closed
                }
                for (; line != null && !line.isEmpty(); line = in.readLine()) {
                    // request line and headers
                }
                OutputStream out = socket.getOutputStream();
                // Keep-Alive: so the JDK's keep-alive cache keeps the connection for longer than a loaded machine's test
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nKeep-Alive: timeout=60\r\n\r\nhello")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } while (idleMillis > 0); // until the read times out: the idle timeout
            Thread.sleep(200); // idle timeout
        } catch (IOException | InterruptedException e) {
            // the connection ends either way
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
