package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import com.sun.net.httpserver.HttpServer;
import io.sockwatch.it.otheragent.SocketCalls;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The application next to other agents: a JDK HTTP server it calls with HttpURLConnection (OpenTelemetry makes a
 * client span of each call) and a client socket it leaks into CLOSE_WAIT, once per round. Prints "ready", then
 * for each file {@code round-<n>} the test creates: {@code round-<n>: http=<codes> calls=<counts>}, where the
 * counts are the test's byte-buddy agent's (empty without it). Ends at {@code stop}.
 */
public final class AgentsAlreadyThere {
    public static final int CALLS_PER_ROUND = 3;
    private static final List<Socket> LEAKED = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
        http.createContext("/", exchange -> {
            byte[] body = "ok".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        ServerSocket closingPeer = new ServerSocket(0, 50, LOOPBACK);
        System.out.println("ready");
        Path dir = Paths.get("").toAbsolutePath();
        long deadline = System.currentTimeMillis() + 120_000;
        for (int n = 1; !Files.exists(dir.resolve("stop")) && System.currentTimeMillis() < deadline; ) {
            if (Files.exists(dir.resolve("round-" + n))) {
                StringBuilder codes = new StringBuilder();
                for (int i = 0; i < CALLS_PER_ROUND; i++) {
                    codes.append(i == 0 ? "" : ",").append(get(new URL("http://" + LOOPBACK.getHostAddress() + ":"
                            + http.getAddress().getPort() + "/round-" + n)));
                }
                leak(closingPeer);
                System.out.println("round-" + n + ": http=" + codes + " calls=" + SocketCalls.counts());
                n++;
            }
            Scenarios.sleep(20);
        }
        http.stop(0);
    }

    private static int get(URL url) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        try (InputStream in = connection.getInputStream()) {
            in.readAllBytes();
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    /** The peer closes at once; this side never does: CLOSE_WAIT. */
    private static void leak(ServerSocket closingPeer) throws Exception {
        LEAKED.add(new Socket(LOOPBACK, closingPeer.getLocalPort())); // open:leak
        closingPeer.accept().close();
    }
}
