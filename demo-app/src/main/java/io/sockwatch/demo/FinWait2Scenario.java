package io.sockwatch.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Half-close: the client's FIN_WAIT2 and the server's short CLOSE_WAIT are both normal, not leaks. */
final class FinWait2Scenario implements Scenario {

    private static final Logger log = LoggerFactory.getLogger(FinWait2Scenario.class);
    private static final long SERVER_LINGER_MILLIS = 2_000;

    /** Kept open on purpose until the end of the run, then closed. */
    private Socket halfClosedClient;

    @Override
    public String name() {
        return "fin-wait2";
    }

    @Override
    public String expectation() {
        return "the client half-closes with shutdownOutput() and keeps its socket, the server closes "
                + SERVER_LINGER_MILLIS + " ms after EOF: expect a client-side FIN_WAIT2 (then TIME_WAIT) and a"
                + " server CLOSE_WAIT shorter than any threshold; not a leak";
    }

    @Override
    public void run() throws Exception {
        try (ServerSocket serverSocket = Loopback.listen()) {
            CountDownLatch eofSeen = new CountDownLatch(1);
            HandlerThreads.start(() -> lingerThenClose(serverSocket, eofSeen));
            halfClosedClient = new Socket(Loopback.HOST, serverSocket.getLocalPort());
            halfClosedClient.shutdownOutput();
            HandlerThreads.await(eofSeen, "the server to see the client's FIN");
            log.info("client socket to 127.0.0.1:{} now in FIN_WAIT2 for {} ms",
                    serverSocket.getLocalPort(), SERVER_LINGER_MILLIS);
        }
    }

    private static void lingerThenClose(ServerSocket serverSocket, CountDownLatch eofSeen)
            throws IOException, InterruptedException {
        try (Socket connection = serverSocket.accept()) {
            Wire.awaitEof(connection);
            eofSeen.countDown();
            Thread.sleep(SERVER_LINGER_MILLIS);
        }
        log.info("server closed its end after {} ms", SERVER_LINGER_MILLIS);
    }

    @Override
    public void endOfRun() throws IOException {
        halfClosedClient.close();
    }
}
