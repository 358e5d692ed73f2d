package io.sockwatch.bench;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The explain benchmark's application: {@code MB} of live heap in small objects (a node and a 360-byte array each,
 * about 200 bytes per object, as in a typical service), three client sockets in CLOSE_WAIT held in a static list,
 * and a ticker that prints every stall longer than 20 ms ({@code stall <ms>}): the pause a heap dump inflicts.
 * Prints "ready", exits when a file "stop" appears.
 */
public final class ExplainTarget {
    static final List<Object> LIVE = new ArrayList<>();
    static final List<Socket> HELD = new ArrayList<>();

    private ExplainTarget() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = Long.parseLong(args[0]) << 20;
        for (long filled = 0; filled < bytes; filled += 400) {
            LIVE.add(new Object[] {new byte[360]});
        }
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 50, loopback)) {
            for (int i = 0; i < 3; i++) {
                HELD.add(new Socket(loopback, server.getLocalPort()));
                server.accept().close();
            }
        }
        Thread ticker = new Thread(ExplainTarget::tick, "ticker");
        ticker.setDaemon(true);
        ticker.start();
        System.gc();
        System.out.println("ready");
        while (!Files.exists(Paths.get("stop"))) {
            Thread.sleep(50);
        }
    }

    private static void tick() {
        long last = System.nanoTime();
        while (true) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long stallMillis = (now - last) / 1_000_000;
            if (stallMillis > 20) {
                System.out.println("stall " + stallMillis);
            }
            last = now;
        }
    }
}
