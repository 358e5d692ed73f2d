package io.sockwatch.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * {@code JdkHttpClientRequests <rounds> <requests per round> send|sendAsync}: keep-alive requests of the JDK HttpClient
 * to a loopback server, responses read to the end, so every exchange takes the pooled connection: each one passes the
 * hooks that name the application's call ({@code MultiExchange}'s constructor, {@code HttpConnection.getConnection}).
 * Run it with and without the agent, alternating JVMs (see docs/benchmarks.md); prints the median and fastest
 * microseconds per request of the rounds after warm-up.
 */
public final class JdkHttpClientRequests {
    private static final int WARMUP_ROUNDS = 3;

    private JdkHttpClientRequests() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int requests = Integer.parseInt(args[1]);
        boolean async = args[2].equals("sendAsync");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .build();
        double[] microsPerRequest = new double[rounds];
        for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
            long start = System.nanoTime();
            for (int r = 0; r < requests; r++) {
                if (async) {
                    client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).get();
                } else {
                    client.send(request, HttpResponse.BodyHandlers.ofByteArray());
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
