package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A worker reads from a connection the server then closes (left in CLOSE_WAIT, never closed), then moves on to
 * a healthy connection and waits there for the next message. Its current stack is about the second socket.
 */
public final class MovedOnThread {
    private static final List<Socket> HELD = new CopyOnWriteArrayList<>();

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        Thread worker = new Thread(() -> work(server.getLocalPort()), "worker");
        worker.setDaemon(true);
        worker.start();
        try (Socket first = server.accept()) {
            first.getOutputStream().write(1);
        } // the server closes: the worker's first socket goes to CLOSE_WAIT
        HELD.add(server.accept());
        Scenarios.snapshotWhenLeaking("leaked", 1);
    }

    static void work(int port) {
        try {
            Socket leaked = new Socket(LOOPBACK, port); // open:leaked
            HELD.add(leaked);
            leaked.getInputStream().read();
            Socket next = new Socket(LOOPBACK, port);
            HELD.add(next);
            healthyWork(next);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void healthyWork(Socket next) throws IOException {
        next.getInputStream().read(); // healthy: waits for the peer's next message
    }
}
