package io.sockwatch.it.apps;

import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * Apache HttpClient 4 with a pooling connection manager: a response dropped without being consumed or closed leaves
 * its connection leased in the pool forever; the server's idle close puts it in CLOSE_WAIT. Only the pool holds it.
 * Prints "stuck", exits when a file "stop" appears.
 */
public final class LeasedPoolConnection {
    static final CloseableHttpClient CLIENT = HttpClients.custom()
            .setConnectionManager(new PoolingHttpClientConnectionManager()).build();

    public static void main(String[] args) throws Exception {
        try (IdleClosingHttpServer server = new IdleClosingHttpServer()) {
            fetchAndForget(server.url());
            Thread.sleep(1500); // the server's idle close
            System.out.println("stuck");
            while (!Files.exists(Paths.get("stop"))) {
                Thread.sleep(50);
            }
        }
    }

    private static void fetchAndForget(String url) throws Exception {
        CloseableHttpResponse response = CLIENT.execute(new HttpGet(url));
        System.out.println("status " + response.getStatusLine().getStatusCode()); // never consumed, never closed
    }
}
