package io.sockwatch.it.apps.incident;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP service with three bugs, as an incident finds it: {@link Lookup} keeps the upstream connection of a failed
 * lookup in a static map (CLOSE_WAIT once the upstream hangs up), {@link ReportFetch} reads the first line of a
 * large upstream body and caches the reader (ESTABLISHED with the rest unread), and {@link ReportCache} blocks its
 * handler for ever on a future (the client gives up: CLOSE_WAIT, held by the handler's thread). Its upstream and
 * clients run in a second JVM, {@link IncidentWorld}, so that this process owns only the service's sockets. Prints
 * {@code incident} once every bad socket exists; runs until killed.
 */
public final class IncidentService {
    public static final int LOOKUPS = 12;
    public static final int REPORTS = 6;
    public static final int HUNG = 3;
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
        AtomicInteger workers = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8, r -> new Thread(r, "http-worker-" + workers.incrementAndGet()));
        server.setExecutor(pool);
        Process world = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), IncidentWorld.class.getName(),
                "" + server.getAddress().getPort())
                .redirectErrorStream(true).start();
        BufferedReader fromWorld = new BufferedReader(new InputStreamReader(world.getInputStream(), StandardCharsets.UTF_8));
        int upstream = Integer.parseInt(fromWorld.readLine().substring("upstream ".length()));
        server.createContext("/lookup", exchange -> answer(exchange, Lookup.find(upstream, query(exchange))));
        server.createContext("/report", exchange -> answer(exchange, ReportFetch.firstLine(upstream, query(exchange))));
        server.createContext("/cached", exchange -> answer(exchange, ReportCache.get()));
        server.start();
        String line = fromWorld.readLine();
        if (!"done".equals(line)) {
            throw new IllegalStateException("the world said " + line);
        }
        System.out.println("incident");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static String query(HttpExchange exchange) {
        return exchange.getRequestURI().getQuery();
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(bytes.length == 0 ? 502 : 200, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
