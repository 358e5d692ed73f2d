package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Three leaks whose text report used to be noisy. A steady leak of {@value #STEADY} sockets at one line, whose site had
 * {@value #CLOSED_IN_TIME} more in CLOSE_WAIT that were closed before the threshold. {@value #WORKERS} workers that each
 * leave a socket in CLOSE_WAIT at one line and move on to a healthy connection. And a JDK HttpClient with a direct
 * executor, which runs the exchange (and opens its connection) on the caller's thread, whose response body is never
 * read or closed. Exits once all are reported leaked.
 */
public final class NoisyLeaks {
    public static final int STEADY = 5;
    public static final int CLOSED_IN_TIME = 3;
    public static final int WORKERS = 4;
    private static final List<Object> HELD = new CopyOnWriteArrayList<>();

    public static void main(String[] args) throws Exception {
        ServerSocket closing = new ServerSocket(0, 50, LOOPBACK);
        ServerSocket healthy = new ServerSocket(0, 50, LOOPBACK);
        List<Socket> steady = new java.util.ArrayList<>();
        for (int i = 0; i < STEADY + CLOSED_IN_TIME; i++) {
            steady.add(new Socket(LOOPBACK, closing.getLocalPort())); // open:steady
            closing.accept().close();
        }
        HELD.addAll(steady);
        Scenarios.sleep(800); // a few scans see them all in CLOSE_WAIT, below the threshold
        for (Socket s : steady.subList(STEADY, steady.size())) {
            s.close();
            HELD.remove(s);
        }

        CountDownLatch movedOn = new CountDownLatch(WORKERS);
        for (int i = 1; i <= WORKERS; i++) {
            Thread worker = new Thread(() -> work(closing.getLocalPort(), healthy.getLocalPort(), movedOn), "worker-" + i);
            worker.setDaemon(true);
            worker.start();
            try (Socket s = closing.accept()) {
                s.getOutputStream().write(1);
            }
            HELD.add(healthy.accept()); // stays open: the worker waits there
        }
        movedOn.await();

        ServerSocket http = new ServerSocket(0, 50, LOOPBACK);
        Thread server = new Thread(() -> halfABody(http), "http-server");
        server.setDaemon(true);
        server.start();
        HttpClient client = HttpClient.newBuilder().executor(Runnable::run).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.getLocalPort() + "/")).build();
        HELD.add(client.send(request, HttpResponse.BodyHandlers.ofInputStream())); // call:direct

        Scenarios.snapshotWhenLeaking("leaked", STEADY + WORKERS + 1);
        Scenarios.sleep(1000); // more scans of the steady leak before the exit report
    }

    /** Reads the byte the server sends before it closes, keeps the socket, and waits on a healthy one. */
    private static void work(int closingPort, int healthyPort, CountDownLatch movedOn) {
        try {
            Socket leaked = new Socket(LOOPBACK, closingPort); // open:moved-on
            HELD.add(leaked);
            leaked.getInputStream().read();
            Socket next = new Socket(LOOPBACK, healthyPort);
            HELD.add(next);
            InputStream in = next.getInputStream();
            movedOn.countDown();
            in.read(); // healthy: waits for the peer's next message
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers one request with the head of a response and part of its body, then closes. */
    private static void halfABody(ServerSocket server) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            for (int c, newlines = 0; newlines < 2 && (c = in.read()) != -1; ) { // to the blank line
                newlines = c == '\n' ? newlines + 1 : c == '\r' ? newlines : 0;
            }
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[100]);
            out.flush();
        } catch (IOException e) {
            // the client left
        }
    }
}
