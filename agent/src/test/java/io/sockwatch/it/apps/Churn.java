package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** {@code threads} threads each open and close {@code iterations} Sockets and SocketChannels concurrently. */
public final class Churn {

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int iterations = Integer.parseInt(args[1]);
        ServerSocket server = new ServerSocket(0, 1000, LOOPBACK);
        ServerSocketChannel serverChannel = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0), 1000);
        AtomicLong failures = new AtomicLong();
        Thread socketAcceptor = acceptor(() -> server.accept().close());
        Thread channelAcceptor = acceptor(() -> serverChannel.accept().close());

        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                for (int i = 0; i < iterations; i++) {
                    try (Socket s = new Socket(LOOPBACK, server.getLocalPort());
                         SocketChannel c = SocketChannel.open(serverChannel.getLocalAddress())) {
                        // Both reads return EOF once the acceptor closed its end: every connection was accepted.
                        s.getInputStream().read();
                        c.read(java.nio.ByteBuffer.allocate(1));
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    }
                }
            }, "churn-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        server.close();
        serverChannel.close();
        socketAcceptor.join();
        channelAcceptor.join();
        System.out.println("failures=" + failures.get());
        Scenarios.snapshot("done");
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long used = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.println("heapAfterGcMb=" + used / (1024 * 1024));
    }

    private interface Accept {
        void once() throws IOException;
    }

    private static Thread acceptor(Accept accept) {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    accept.once();
                } catch (IOException closed) {
                    return; // server closed at the end
                }
            }
        }, "acceptor");
        t.start();
        return t;
    }
}
