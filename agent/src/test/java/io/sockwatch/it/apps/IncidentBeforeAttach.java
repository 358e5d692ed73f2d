package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sockets an incident leaves, made before any agent exists:
 * <ul>
 * <li>an HTTP exchange of {@code com.sun.net.httpserver} whose handler hangs on a future that never completes
 *     ({@link ReportCache#get}); its client left, so the server's connection is in CLOSE_WAIT;</li>
 * <li>a client socket kept in the static {@link #KEPT} and, while it waits, as a local of {@code main};</li>
 * <li>{@value #UNREAD_SOCKETS} stalled readers: ESTABLISHED sockets in the static {@link #UNREAD} with
 *     {@value #UNREAD_BYTES} bytes each that nobody reads.</li>
 * </ul>
 * Prints "stuck" once all is in place. When a file "deadlock" appears, two threads each open a socket, read a byte
 * from it (the peer then closes it) and deadlock: one on a monitor, one on a {@link ReentrantLock}; prints
 * "deadlocked". Exits when a file "stop" appears.
 */
public final class IncidentBeforeAttach {
    public static final int UNREAD_SOCKETS = 10;
    public static final int UNREAD_BYTES = 79_000;
    static final List<Socket> KEPT = new ArrayList<>();
    static final List<Socket> UNREAD = new ArrayList<>();
    /** The writing ends of the stalled readers, kept open so that the data stays unread rather than closed. */
    static final List<Socket> WRITERS = new ArrayList<>();
    static final Object MONITOR = new Object();
    static final ReentrantLock LOCK = new ReentrantLock();

    public static void main(String[] args) throws Exception {
        try (ServerSocket closing = new ServerSocket(0, 50, LOOPBACK)) {
            hangAnHttpHandler(closing);
            stallReaders();
            Socket kept = new Socket(LOOPBACK, closing.getLocalPort());
            closing.accept().close();
            KEPT.add(kept);
            Thread.sleep(500); // the FINs arrive
            System.out.println("stuck");
            while (!Files.exists(Paths.get("deadlock")) && !Files.exists(Paths.get("stop"))) {
                Thread.sleep(50); // kept: main holds it while it waits
            }
            if (Files.exists(Paths.get("deadlock"))) {
                deadlock(closing);
                System.out.println("deadlocked");
            }
            while (!Files.exists(Paths.get("stop"))) {
                Thread.sleep(50);
            }
            kept.getPort();
        }
        System.exit(0); // the HTTP server's dispatcher would keep the JVM alive
    }

    private static void hangAnHttpHandler(ServerSocket closing) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 10);
        ExecutorService workers = Executors.newFixedThreadPool(1, r -> {
            Thread t = new Thread(r, "http-worker");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        ReportCache cache = new ReportCache();
        server.createContext("/report", exchange -> Handler.handle(exchange, cache));
        server.start();
        try (Socket client = new Socket(LOOPBACK, server.getAddress().getPort())) {
            client.getOutputStream().write(("GET /report HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            while (!cache.asked) {
                Thread.onSpinWait();
            }
        } // the client gives up
    }

    private static void stallReaders() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            for (int i = 0; i < UNREAD_SOCKETS; i++) {
                UNREAD.add(new Socket(LOOPBACK, server.getLocalPort()));
                Socket writer = server.accept();
                writer.getOutputStream().write(new byte[UNREAD_BYTES]);
                WRITERS.add(writer);
            }
        }
    }

    /** Two threads, each holding a socket as a local, wait for each other forever. */
    private static void deadlock(ServerSocket closing) throws Exception {
        Thread a = new Thread(() -> lockedExchange(closing, true), "deadlock-a");
        Thread b = new Thread(() -> lockedExchange(closing, false), "deadlock-b");
        for (Thread t : List.of(a, b)) {
            t.setDaemon(true);
            t.start();
            try (Socket peer = closing.accept()) {
                peer.getOutputStream().write(1);
            }
        }
        while (a.getState() != Thread.State.BLOCKED || b.getState() != Thread.State.WAITING) {
            Thread.sleep(10);
        }
    }

    private static void lockedExchange(ServerSocket closing, boolean monitorFirst) {
        try {
            Socket socket = new Socket(LOOPBACK, closing.getLocalPort());
            socket.getInputStream().read();
            if (monitorFirst) {
                LOCK.lock();
                Thread.sleep(300);
                synchronized (MONITOR) {
                    socket.getPort(); // deadlock:monitor (javac gives the monitorenter the block's first line)
                }
            } else {
                synchronized (MONITOR) {
                    Thread.sleep(300);
                    LOCK.lock(); // deadlock:lock
                    socket.getPort();
                }
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The application's handler: asks the cache. */
    static final class Handler {
        static void handle(HttpExchange exchange, ReportCache cache) throws IOException {
            byte[] body = cache.get("daily").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A cache whose loader never completes: every caller hangs in {@link #get}. */
    static final class ReportCache {
        private final CompletableFuture<String> loading = new CompletableFuture<>();
        volatile boolean asked;

        String get(String key) {
            asked = true;
            try {
                return loading.get(); // hung
            } catch (Exception e) {
                throw new IllegalStateException(key, e);
            }
        }
    }
}
