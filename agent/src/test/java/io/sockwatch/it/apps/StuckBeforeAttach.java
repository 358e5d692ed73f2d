package io.sockwatch.it.apps;

import static io.sockwatch.it.apps.Scenarios.LOOPBACK;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CLOSE_WAIT sockets made before any agent exists, each held in a different way: two accepted sockets as locals of
 * handler threads hung in {@code Thread.sleep}, three client sockets in a static pool of {@link Conn}s, a
 * {@code SocketChannel} in a static map under "backend", a channel of which only its socket adaptor is kept, and
 * one client socket dropped without close (garbage).
 * Prints "stuck" once every socket is in CLOSE_WAIT; exits when a file "stop" appears. Arguments, both optional:
 * MB of small live objects to add (so that a heap dump takes a while), and {@code virtual} to run the handlers on
 * unnamed virtual threads (JDK 21+; started reflectively, this class is compiled for 17).
 */
public final class StuckBeforeAttach {
    static final List<Conn> POOL = new ArrayList<>();
    static final Map<String, SocketChannel> CHANNELS = new ConcurrentHashMap<>();
    /** Only a channel's socket adaptor is kept: the channel owns the fd. */
    static Socket adaptor;
    static final List<Object> BALLAST = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        for (long bytes = args.length == 0 ? 0 : Long.parseLong(args[0]) << 20; bytes > 0; bytes -= 100) {
            BALLAST.add(new Object[] {new long[8]});
        }
        boolean virtual = args.length > 1 && args[1].equals("virtual");
        try (ServerSocket handlers = new ServerSocket(0, 50, LOOPBACK);
             ServerSocket closing = new ServerSocket(0, 50, LOOPBACK)) {
            for (int i = 1; i <= 2; i++) {
                Runnable handler = () -> acceptAndServe(handlers);
                if (virtual) {
                    Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, handler);
                } else {
                    Thread t = new Thread(handler, "handler-" + i);
                    t.setDaemon(true);
                    t.start();
                }
                new Socket(LOOPBACK, handlers.getLocalPort()).close(); // the peer leaves at once
            }
            for (int i = 0; i < 3; i++) {
                POOL.add(new Conn(new Socket(LOOPBACK, closing.getLocalPort())));
                closing.accept().close();
            }
            CHANNELS.put("backend", SocketChannel.open(new InetSocketAddress(LOOPBACK, closing.getLocalPort())));
            closing.accept().close();
            adaptor = SocketChannel.open(new InetSocketAddress(LOOPBACK, closing.getLocalPort())).socket();
            closing.accept().close();
            dropWithoutClose(closing);
            Thread.sleep(500); // the FINs arrive
            System.out.println("stuck");
            while (!Files.exists(Paths.get("stop"))) {
                Thread.sleep(50);
            }
        }
    }

    private static void dropWithoutClose(ServerSocket closing) throws IOException {
        Socket dropped = new Socket(LOOPBACK, closing.getLocalPort());
        closing.accept().close();
        dropped.getPort();
    }

    private static void acceptAndServe(ServerSocket server) {
        try {
            Socket accepted;
            synchronized (server) {
                accepted = server.accept();
            }
            serve(accepted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void serve(Socket socket) {
        try {
            Thread.sleep(600_000); // hung: never reads the FIN, never closes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.getPort();
    }

    /** An application's connection wrapper, as pools keep them. */
    static final class Conn {
        final Socket socket;

        Conn(Socket socket) {
            this.socket = socket;
        }
    }
}
