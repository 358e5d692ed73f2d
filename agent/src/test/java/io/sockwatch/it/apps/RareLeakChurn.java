package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A busy client with a rare error path: a pool of {@code threads} threads makes {@code connections} connections to a
 * loopback server that answers by closing, as fast as it can, and one request in {@code leakEvery} fails in a way
 * that skips the close. The in-flight map still holds those sockets, so they stay in CLOSE_WAIT: leaks.
 */
public final class RareLeakChurn {
    private static final Map<Integer, Socket> IN_FLIGHT = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        int leakEvery = Integer.parseInt(args[2]);
        ServerSocket server = new ServerSocket(0, 1000, LOOPBACK);
        for (int i = 0; i < 2; i++) {
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try {
                        server.accept().close();
                    } catch (IOException closed) {
                        return; // server closed at the end
                    }
                }
            }, "acceptor-" + i);
            acceptor.start();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            int n = i;
            pool.execute(() -> {
                try {
                    request(server.getLocalPort(), n, n % leakEvery == leakEvery - 1);
                } catch (IOException e) {
                    failed.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        server.close();
        // both ends of every connection are tracked sockets
        System.out.println("opensPerSecond=" + Math.round(2 * connections / seconds));
        System.out.println("leaked=" + IN_FLIGHT.size() + " failed=" + failed.get());
        Scenarios.snapshotWhenLeaking("done", IN_FLIGHT.size());
    }

    private static void request(int port, int n, boolean badReply) throws IOException {
        Socket s = new Socket(LOOPBACK, port); // open:request
        IN_FLIGHT.put(n, s);
        if (s.getInputStream().read() != -1 || badReply) {
            throw new IOException("unexpected reply"); // the rare error path: the close below is skipped
        }
        IN_FLIGHT.remove(n);
        s.close();
    }
}
