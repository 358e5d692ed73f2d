package io.sockwatch.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.util.Arrays;

/**
 * {@code PooledRequests <rounds> <requests per round>}: keep-alive HTTP requests whose responses are read to the end,
 * so every request leases the connection from {@code HttpURLConnection}'s keep-alive cache and puts it back (the
 * pool-release hook) and reads and writes it (the I/O hook). Run it with and without the agent, alternating JVMs
 * (see docs/benchmarks.md); prints the median and fastest microseconds per request of the rounds after warm-up.
 */
public final class PooledRequests {
    private static final int WARMUP_ROUNDS = 3;

    private PooledRequests() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int requests = Integer.parseInt(args[1]);
        // Without it the server's header and body writes meet Nagle and delayed ACKs: 40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URL url = new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        double[] microsPerRequest = new double[rounds];
        for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
            long start = System.nanoTime();
            for (int r = 0; r < requests; r++) {
                HttpURLConnection c = (HttpURLConnection) url.openConnection();
                try (InputStream in = c.getInputStream()) {
                    in.readAllBytes(); // read to the end: the connection goes back to the keep-alive cache
                }
            }
            if (round >= 0) {
                microsPerRequest[round] = (System.nanoTime() - start) / 1000.0 / requests;
            }
        }
        server.stop(0);
        Arrays.sort(microsPerRequest);
        System.out.printf("median %.2f us/request, fastest %.2f%n", microsPerRequest[rounds / 2], microsPerRequest[0]);
    }
}
