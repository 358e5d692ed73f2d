package io.sockwatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
        // a plain keep-alive responder: com.sun.net.httpserver left some exchanges of the JDK client unanswered here
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread answering = new Thread(() -> serve(server), "http-server");
        answering.setDaemon(true);
        answering.start();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"))
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
        Arrays.sort(microsPerRequest);
        System.out.printf("median %.2f us/request, fastest %.2f%n", microsPerRequest[rounds / 2], microsPerRequest[0]);
        System.exit(0); // the client's threads may linger
    }

    /** Answers every request of every connection with a 5-byte body, keeping the connection open. */
    private static void serve(ServerSocket server) {
        while (true) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> answer(s), "http-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void answer(Socket s) {
        try (Socket socket = s) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (readHead(in)) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the client left
        }
    }

    /** Reads a request head (no body: GET); false at the end of the connection. */
    private static boolean readHead(InputStream in) throws IOException {
        int c;
        int newlines = 0;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                if (++newlines == 2) {
                    return true;
                }
            } else if (c != '\r') {
                newlines = 0;
            }
        }
        return false;
    }
}
