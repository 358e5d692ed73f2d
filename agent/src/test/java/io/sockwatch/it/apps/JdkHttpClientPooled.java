package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A shared JDK HttpClient after one request read to the end, against a keep-alive server: its connection waits,
 * ESTABLISHED, in the client's own pool for the next request. Argument: http, or http2 for the client's default
 * version (HTTP/2, which a plain-HTTP server declines: the connection stays HTTP/1.1).
 */
public final class JdkHttpClientPooled {
    public static final String POOL = "jdk.internal.net.http.ConnectionPool";

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        HttpClient client = args[0].equals("http2") ? HttpClient.newHttpClient()
                : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        String body = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body(); // call:pooled
        System.out.println("body " + body);
        Scenarios.snapshotWhen("pooled", "\"pool\":\"" + POOL + "\"", 1, () -> { });
        System.exit(0);
    }
}
