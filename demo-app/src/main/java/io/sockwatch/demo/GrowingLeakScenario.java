package io.sockwatch.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leak that keeps growing while the demo holds: every {@link #EVERY_MILLIS} a client forgets one more connection
 * the server has closed. This is what exhausts file descriptors in production; sockwatch forecasts when.
 */
final class GrowingLeakScenario implements Scenario {

    private static final Logger log = LoggerFactory.getLogger(GrowingLeakScenario.class);
    private static final long EVERY_MILLIS = 250;

    /** Reachable, so the GC cannot close them. */
    private final List<Socket> forgotten = new ArrayList<>();
    private ServerSocket server;
    private Thread leaker;

    @Override
    public String name() {
        return "growing-leak";
    }

    @Override
    public String expectation() {
        return "a client forgets one more closed connection every " + EVERY_MILLIS + " ms until the end: expect a"
                + " growing CLOSE_WAIT group and a forecast of when file descriptors run out";
    }

    @Override
    public void run() throws Exception {
        server = Loopback.listen();
        HandlerThreads.start(() -> {
            while (!server.isClosed()) {
                server.accept().close();
            }
        });
        leaker = new Thread(this::leakUntilInterrupted, "demo-growing-leak");
        leaker.setDaemon(true);
        leaker.start();
        log.info("leaking one connection to 127.0.0.1:{} every {} ms", server.getLocalPort(), EVERY_MILLIS);
    }

    private void leakUntilInterrupted() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                // LEAK: never closed; the server closes its end, so this one stays in CLOSE_WAIT
                Socket socket = new Socket(Loopback.HOST, server.getLocalPort());
                synchronized (forgotten) {
                    forgotten.add(socket);
                }
                Thread.sleep(EVERY_MILLIS);
            }
        } catch (IOException | InterruptedException end) {
            // the run is over
        }
    }

    @Override
    public void endOfRun() throws IOException {
        leaker.interrupt();
        synchronized (forgotten) {
            log.info("{} connections leaked in CLOSE_WAIT", forgotten.size());
        }
    }
}
