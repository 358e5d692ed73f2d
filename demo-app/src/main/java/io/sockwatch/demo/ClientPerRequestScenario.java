package io.sockwatch.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client that makes a new HTTP connection per request and closes it itself: each request leaves a client-side
 * TIME_WAIT for 60 s. Normal TCP, but at a few hundred requests a second it is how services run out of
 * ephemeral ports; sockwatch names the line that closes them.
 */
final class ClientPerRequestScenario implements Scenario {

    private static final Logger log = LoggerFactory.getLogger(ClientPerRequestScenario.class);
    private static final int REQUESTS = 20;

    @Override
    public String name() {
        return "client-per-request";
    }

    @Override
    public String expectation() {
        return REQUESTS + " HTTP requests, each on a new connection the client closes first (HttpURLConnection."
                + "disconnect()): expect " + REQUESTS + " client-side TIME_WAIT, attributed to the closing line";
    }

    @Override
    public void run() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(Loopback.HOST, 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            URL url = new URL("http://" + Loopback.HOST + ":" + server.getAddress().getPort() + "/");
            for (int i = 0; i < REQUESTS; i++) {
                get(url);
            }
            log.info("{} client connections to {} closed first, now in TIME_WAIT", REQUESTS, url);
        } finally {
            server.stop(0);
        }
    }

    /**
     * Disconnects before the response stream is closed: closing it first would park the connection in the JDK's
     * keep-alive cache, which then closes it later from its own thread (or the server does).
     */
    private static void get(URL url) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        InputStream in = connection.getInputStream();
        in.readAllBytes();
        // CHURN: a new connection per request, closed here, by the client: its port stays in TIME_WAIT for 60 s
        connection.disconnect();
    }
}
