package io.sockwatch.demo;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.ServerSocket;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A socket dropped without close(): only the JDK's cleaner closes it, after a GC. */
final class GcDroppedScenario implements Scenario {

    private static final Logger log = LoggerFactory.getLogger(GcDroppedScenario.class);
    private static final int GC_ATTEMPTS = 5;
    private static final long CLEANER_GRACE_MILLIS = 200;

    @Override
    public String name() {
        return "gc-dropped";
    }

    @Override
    public String expectation() {
        return "a client socket is dropped without close() after the server closed it, then System.gc() runs:"
                + " expect a short client-side CLOSE_WAIT ended by the JDK cleaner; reported as reclaimed by the GC"
                + " without close()";
    }

    @Override
    public void run() throws Exception {
        try (ServerSocket serverSocket = Loopback.listen()) {
            HandlerThreads.start(() -> serverSocket.accept().close());
            WeakReference<Socket> dropped = openAndDrop(serverSocket.getLocalPort());
            for (int i = 0; i < GC_ATTEMPTS && dropped.get() != null; i++) {
                System.gc();
                Thread.sleep(CLEANER_GRACE_MILLIS);
            }
            if (dropped.get() == null) {
                log.info("the GC reclaimed the dropped socket to 127.0.0.1:{}; the JDK cleaner closes it",
                        serverSocket.getLocalPort());
            } else {
                log.warn("the dropped socket to 127.0.0.1:{} survived {} GCs", serverSocket.getLocalPort(), GC_ATTEMPTS);
            }
        }
    }

    /** Opens a socket, waits for the server's FIN and returns only a weak reference, so nothing keeps it alive. */
    private static WeakReference<Socket> openAndDrop(int port) throws IOException {
        // LEAK: dropped without close(); only the JDK's cleaner closes it once the GC finds it unreachable
        Socket socket = new Socket(Loopback.HOST, port);
        Wire.awaitEof(socket);
        return new WeakReference<>(socket);
    }
}
