package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import reactor.netty.http.client.HttpClient;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;

/**
 * Reactor Netty (its default transport, or NIO with {@code -Dreactor.netty.native=false}; a pool of 2) against a
 * keep-alive server: {@code /stream} answers with a chunked body that never ends, and a consumer that stalls on its
 * first chunk keeps the connection leased (Reactor Netty 1.3 releases a connection once the body is over or its
 * consumer cancels, as {@code .response().block()} does); {@code /} answers in full, and the request that reads its
 * body gives its connection back, idle in the pool.
 */
public final class ReactorNettyLease {
    static final ConnectionProvider POOL = ConnectionProvider.create("sockwatch-it", 2);
    static final HttpClient CLIENT = HttpClient.create(POOL);

    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            AcceptLoop.start(server, "keep-alive-http", ReactorNettyLease::answer);
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/";
            // Each chunk of the stream waits for a save that never completes: no more demand, the body is never
            // finished, and the connection stays leased.
            CLIENT.get().uri(url + "stream").response((head, body) -> body.asString().concatMap(ReactorNettyLease::save)).subscribe(); // lease:reactor
            String body = CLIENT.get().uri(url).responseContent().aggregate().asString().block(); // idle:reactor
            System.out.println("body " + body);
            Scenarios.snapshotWhen("reactor", "\"borrowStack\"", 1, () -> { });
            System.exit(0); // Reactor Netty's event loops would keep the JVM up
        }
    }

    private static Mono<Void> save(String chunk) {
        return Mono.never();
    }

    /** Every request on the connection until the client closes it; a stream's body never ends. */
    private static void answer(Socket socket) {
        try (Socket s = socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                boolean stream = line.startsWith("GET /stream");
                for (; line != null && !line.isEmpty(); line = in.readLine()) {
                    // headers
                }
                out.write((stream ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the connection ends either way
        }
    }
}
