package io.sockwatch.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Active close by the client: its end waits in TIME_WAIT, which is normal TCP and not a leak. */
final class TimeWaitScenario implements Scenario {

    private static final Logger log = LoggerFactory.getLogger(TimeWaitScenario.class);

    @Override
    public String name() {
        return "time-wait";
    }

    @Override
    public String expectation() {
        return "the client closes first, the server closes on EOF: expect a client-side TIME_WAIT"
                + " (kernel-owned, no pid; not a leak)";
    }

    @Override
    public void run() throws Exception {
        try (ServerSocket serverSocket = Loopback.listen()) {
            CountDownLatch serverClosed = new CountDownLatch(1);
            HandlerThreads.start(() -> closeOnEof(serverSocket, serverClosed));
            try (Socket client = new Socket(Loopback.HOST, serverSocket.getLocalPort())) {
                Wire.writeLine(client, "QUIT");
            }
            HandlerThreads.await(serverClosed, "the server to close");
            log.info("client end of the connection to 127.0.0.1:{} now in TIME_WAIT", serverSocket.getLocalPort());
        }
    }

    private static void closeOnEof(ServerSocket serverSocket, CountDownLatch serverClosed) throws IOException {
        try (Socket connection = serverSocket.accept()) {
            Wire.awaitEof(connection);
        }
        serverClosed.countDown();
    }
}
