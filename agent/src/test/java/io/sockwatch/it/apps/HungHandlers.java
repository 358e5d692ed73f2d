package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Two handlers, both named "handler" ({@code platform}) or both unnamed virtual threads ({@code virtual}), each
 * read to EOF on a connection the server closed and then hang without closing it, at the same line.
 * Compiled for Java 17, so virtual threads are started reflectively.
 */
public final class HungHandlers {
    private static final List<Socket> HELD = new CopyOnWriteArrayList<>();

    public static void main(String[] args) throws Exception {
        boolean virtual = args[0].equals("virtual");
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        Runnable handler = () -> handle(server.getLocalPort());
        for (int i = 0; i < 2; i++) {
            if (virtual) {
                Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, handler);
            } else {
                Thread t = new Thread(handler, "handler");
                t.setDaemon(true);
                t.start();
            }
            server.accept().close();
        }
        Scenarios.snapshotWhenLeaking("hung", 2);
    }

    static void handle(int port) {
        try {
            Socket socket = new Socket(LOOPBACK, port); // open:handler
            HELD.add(socket);
            while (socket.getInputStream().read() >= 0) {
                // drain to EOF
            }
            Thread.sleep(600_000); // hang
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
