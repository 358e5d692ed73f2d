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

    IdleClosingHttpServer() throws IOException {
        this(null);
    }

    /** Over TLS with {@code tls}'s key when not null. */
    IdleClosingHttpServer(javax.net.ssl.SSLContext tls) throws IOException {
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
                Thread h = new Thread(() -> answerThenIdleClose(s), "idle-closing-http-conn");
                h.setDaemon(true);
                h.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void answerThenIdleClose(Socket s) {
        try (Socket socket = s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                // request headers
            }
            OutputStream out = socket.getOutputStream();
            // Keep-Alive: so the JDK's keep-alive cache keeps the connection for longer than a loaded machine's test
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nKeep-Alive: timeout=60\r\n\r\nhello")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
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
