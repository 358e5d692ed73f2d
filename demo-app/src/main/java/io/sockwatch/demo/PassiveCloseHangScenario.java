package io.sockwatch.demo;

import java.io.IOException;
import java.lang.ref.Reference;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Server-side CLOSE_WAIT: the client closes, but the handler is stuck and never closes its end. */
final class PassiveCloseHangScenario implements Scenario {

    private static final Logger log = LoggerFactory.getLogger(PassiveCloseHangScenario.class);

    @Override
    public String name() {
        return "passive-close-hang";
    }

    @Override
    public String expectation() {
        return "a server handler reads one request, then hangs without closing the accepted socket while the client"
                + " closes: expect 1 server-side CLOSE_WAIT (leak; the client's end is an orphaned FIN_WAIT2)";
    }

    @Override
    public void run() throws Exception {
        try (ServerSocket serverSocket = Loopback.listen()) {
            CountDownLatch requestRead = new CountDownLatch(1);
            HandlerThreads.start(() -> serveThenHang(serverSocket, requestRead));
            try (Socket client = new Socket(Loopback.HOST, serverSocket.getLocalPort())) {
                Wire.writeLine(client, "GET /report");
            }
            HandlerThreads.await(requestRead, "the handler to read the request");
            log.info("server 127.0.0.1:{} now holds its accepted socket in CLOSE_WAIT", serverSocket.getLocalPort());
        }
    }

    private static void serveThenHang(ServerSocket serverSocket, CountDownLatch requestRead)
            throws IOException, InterruptedException {
        // LEAK: the accepted socket is never closed; after the client's FIN it stays in CLOSE_WAIT
        Socket connection = serverSocket.accept();
        log.info("read '{}', now hanging without closing the connection", Wire.readLine(connection));
        requestRead.countDown();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } finally {
            // A hung thread still owns its socket; without the fence the JIT may let the GC reclaim it.
            Reference.reachabilityFence(connection);
        }
    }
}
